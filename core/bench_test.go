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

// A ShowInstance response as a caller pastes it: the members the check
// reads, and others it lets be.
const benchCurrent = `{"instance_id":"7e3a9b2c-4f1d-4a8e-9c6b-2d5f8e1a0b3c","name":"iotda-prod-01","description":"production instance",` +
	`"instance_type":"standard","flavor":{"type":"iotda.standard.st","size":5},"charge_mode":"prePaid","status":"RUNNING",` +
	`"enterprise_project_id":"0","create_time":"2023-03-18T07:30:00Z","expire_time":"2023-08-18T15:30:00+08:00"}`

// BenchmarkCheckResize is a resize of a yearly/monthly instance, priced
// (Huawei's worked example), with its coerced strings, the current
// instance read in the same call. SetBytes counts the body and the current
// instance: both are read.
func BenchmarkCheckResize(b *testing.B) {
	body := []byte(`{"flavor":{"type":"iotda.standard.s1","size":"10"},"is_auto_pay":"true","delay":"false"}`)
	benchChange(b, body, Options{API: APIResize, Current: RawJSON(benchCurrent), At: "2023-05-20T09:00:00+08:00",
		Params: &Params{ProjectID: "0123456789abcdef0123456789abcdef", InstanceID: "7e3a9b2c-4f1d-4a8e-9c6b-2d5f8e1a0b3c"}})
}

// BenchmarkCheckChangeChargeMode is a change of a pay-per-use instance to
// three months, priced with its alternatives.
func BenchmarkCheckChangeChargeMode(b *testing.B) {
	body := []byte(`{"period_type":"month","period_num":"3","is_auto_renew":"false","is_auto_pay":"true"}`)
	cur := RawJSON(`{"instance_id":"7e3a9b2c-4f1d-4a8e-9c6b-2d5f8e1a0b3c","name":"iotda-prod-01","description":"production instance",` +
		`"instance_type":"standard","flavor":{"type":"iotda.standard.st","size":5},"charge_mode":"postPaid","status":"RUNNING",` +
		`"enterprise_project_id":"0","create_time":"2023-03-18T07:30:00Z"}`)
	benchChange(b, body, Options{API: APIChangeChargeMode, Current: cur,
		Params: &Params{ProjectID: "0123456789abcdef0123456789abcdef", InstanceID: "7e3a9b2c-4f1d-4a8e-9c6b-2d5f8e1a0b3c"}})
}

// BenchmarkCheckCreateSameSize is a create check of about the size of the
// resize's body and current instance together (standard-yearly.json), to
// compare with: a resize costs no more than a create of the same size.
func BenchmarkCheckCreateSameSize(b *testing.B) {
	body := requests.Body("standard-yearly.json")
	o := Options{Params: &Params{ProjectID: "0123456789abcdef0123456789abcdef"}}
	var dst []byte
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		dst = AppendCheck(dst[:0], body, o)
	}
}

func benchChange(b *testing.B, body []byte, o Options) {
	if r := Check(body, o); !r.Valid || r.Estimate == nil || !r.Estimate.Priced {
		b.Fatalf("not a valid, priced request: %s", r.AppendJSON(nil))
	}
	var dst []byte
	b.SetBytes(int64(len(body) + len(o.Current)))
	b.ReportAllocs()
	for b.Loop() {
		dst = AppendCheck(dst[:0], body, o)
	}
}
