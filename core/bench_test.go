package core

import (
	"encoding/json"
	"testing"

	"github.com/iotda-preflight/preflight/examples/requests"
)

// The enterprise example of the API page: the largest of its three bodies,
// with nine coerced strings and a defaulted port.
func enterpriseExample(b *testing.B) []byte {
	body := requests.Body("enterprise-yearly.json")
	if body == nil {
		b.Fatal("no example enterprise-yearly.json")
	}
	return body
}

// BenchmarkCheck is the whole check of one body, as every engine runs it:
// read, rules, defaults, estimate, and the result document's JSON.
func BenchmarkCheck(b *testing.B) {
	body := enterpriseExample(b)
	var dst []byte
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		dst = AppendCheck(dst[:0], body, Options{})
	}
}

// BenchmarkStdJSONBaseline is the least any generic validator must do: decode
// the same bytes with encoding/json into a map.
func BenchmarkStdJSONBaseline(b *testing.B) {
	body := enterpriseExample(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			b.Fatal(err)
		}
	}
}
