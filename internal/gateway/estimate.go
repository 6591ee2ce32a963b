package gateway

import "github.com/iotda-preflight/preflight/core"

// Unpriced is X-Preflight-Estimate's value when the catalog has no price for
// the order (DESIGN: never an invented number); the currency is then omitted.
const Unpriced = "unpriced"

// estimateHeaders are the response headers of a valid request's estimate:
// the total as the estimate writes it ("3960.00") and its currency. A
// prePaid total is the whole subscription, a postPaid one a month of use.
func estimateHeaders(e *core.Estimate) []Header {
	if e == nil || !e.Priced {
		return []Header{{HeaderEstimate, Unpriced}, {HeaderCurrency, ""}}
	}
	return []Header{{HeaderEstimate, e.Total.String()}, {HeaderCurrency, e.Currency}}
}
