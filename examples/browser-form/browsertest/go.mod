module github.com/iotda-preflight/preflight/examples/browser-form/browsertest

go 1.26.8

// The form under test is this repository's own code.
replace github.com/iotda-preflight/preflight => ../../..

require (
	github.com/chromedp/cdproto v0.159.0
	github.com/chromedp/chromedp v0.23.0
	github.com/iotda-preflight/preflight v0.0.0-00010101000000-000000000000
)

require (
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	github.com/shopspring/decimal v1.6.0 // indirect
)
