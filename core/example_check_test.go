package core_test

import (
	"encoding/json"
	"fmt"

	"github.com/iotda-preflight/preflight/core"
)

// A body whose size is a quoted number, and out of range: every problem
// comes with its path, its stable code and a message, and the defaults the
// platform would fill are listed even so.
func ExampleCheck() {
	body := []byte(`{
		"name": "iotda_instance",
		"instance_type": "standard",
		"flavor": {"type": "iotda.standard.s1", "size": "250"},
		"charge_info": {"charge_mode": "prePaid", "period_type": "month", "period_num": 1}
	}`)
	r := core.Check(body, core.Options{})
	fmt.Println("valid:", r.Valid)
	for _, p := range r.Errors {
		fmt.Printf("error %s %s: %s\n", p.Path, p.Code, p.Message)
	}
	for _, p := range r.Warnings {
		fmt.Printf("warning %s %s\n", p.Path, p.Code)
	}
	fmt.Println("defaults:", r.Defaults)
	// Output:
	// valid: false
	// error /flavor/size range: size must be 1 to 200, not "250"
	// warning /flavor/size coerced
	// defaults: [/charge_info/is_auto_renew /charge_info/is_auto_pay /enterprise_project_id]
}

// AppendCheck appends the result document itself, the same bytes on every
// engine, to a buffer the caller can reuse (then a valid body allocates
// nothing). Its request member is the body as it will be sent: compact,
// with the defaults filled.
func ExampleAppendCheck() {
	body := []byte(`{"name":"iotda_instance","instance_type":"standard",` +
		`"flavor":{"type":"iotda.standard.s1","size":2},` +
		`"charge_info":{"charge_mode":"prePaid","period_type":"year","period_num":1}}`)
	buf := core.AppendCheck(nil, body, core.Options{})
	var doc struct {
		Valid    bool
		Request  json.RawMessage
		Estimate struct{ Total, Currency string }
	}
	if err := json.Unmarshal(buf, &doc); err != nil {
		panic(err)
	}
	fmt.Println(doc.Valid, doc.Estimate.Total, doc.Estimate.Currency)
	fmt.Println(string(doc.Request))
	// Output:
	// true 3960.00 USD
	// {"name":"iotda_instance","instance_type":"standard","flavor":{"type":"iotda.standard.s1","size":2},"charge_info":{"charge_mode":"prePaid","period_type":"year","period_num":1,"is_auto_renew":false,"is_auto_pay":false},"enterprise_project_id":"0"}
}

// The options in their JSON form, as a host passes them to the module; a
// mistake is an error, never a silently ignored member.
func ExampleParseOptions() {
	opts, err := core.ParseOptions([]byte(`{"strict": true, "lang": "zh", "params": {"project_id": "p1"}}`))
	fmt.Println(opts.Strict, opts.Lang, opts.Params.ProjectID, err)
	_, err = core.ParseOptions([]byte(`{"max_bytes": 1048576, "maxDepth": 32}`))
	fmt.Println(err)
	_, err = core.ParseOptions([]byte(`{"lang": "fr"}`))
	fmt.Println(err)
	// Output:
	// true zh p1 <nil>
	// options: unknown member "maxDepth"
	// options: lang "fr" must be "en" or "zh"
}

// The JSON Schema (2020-12) of the body, generated from the same rules the
// check applies, for tools that want one.
func ExampleJSONSchema() {
	var schema struct {
		Schema     string `json:"$schema"`
		Required   []string
		Properties map[string]json.RawMessage
	}
	if err := json.Unmarshal(core.JSONSchema(), &schema); err != nil {
		panic(err)
	}
	fmt.Println(schema.Schema)
	fmt.Println(schema.Required)
	fmt.Println(len(schema.Properties), "members")
	// Output:
	// https://json-schema.org/draft/2020-12/schema
	// [instance_type flavor name charge_info]
	// 8 members
}

// Resizing a yearly/monthly instance, with the instance as ShowInstance
// returns it pasted whole (its other members are let be) and the time of
// the change: the fee is prorated by the months left, on the UTC+08:00
// calendar (with the embedded catalog's prices, not Huawei's example's).
func ExampleCheck_resize() {
	current := `{"instance_id":"7e3a9b2c","instance_type":"standard","flavor":{"type":"iotda.standard.st","size":5},
		"charge_mode":"prePaid","status":"RUNNING","expire_time":"2023-08-18T15:30:00+08:00"}`
	r := core.Check([]byte(`{"flavor":{"type":"iotda.standard.s1","size":10}}`), core.Options{
		API:     core.APIResize,
		Current: core.RawJSON(current),
		At:      "2023-05-20T09:00:00+08:00",
		Params:  &core.Params{ProjectID: "0123456789abcdef0123456789abcdef", InstanceID: "7e3a9b2c"},
	})
	fmt.Println(r.Valid, string(r.Request))
	fmt.Println(r.Estimate.Total, r.Estimate.Currency)
	fmt.Println(r.Estimate.Lines[0].Basis)

	// The same instance cannot change to yearly/monthly: it already is.
	r = core.Check([]byte(`{"period_type":"month","period_num":3}`), core.Options{API: core.APIChangeChargeMode, Current: core.RawJSON(current)})
	for _, p := range r.Errors {
		fmt.Println(p.In, p.Path, p.Code+":", p.Message)
	}
	// Output:
	// true {"flavor":{"type":"iotda.standard.s1","size":10},"is_auto_pay":false,"delay":false}
	// 4476.64 USD
	// (10 x 165.00 - 5 x 25.00) x 2.9355 months remaining = 4476.64; remaining months: 11/31 + 2 + 18/31 from 2023-05-20 to 2023-08-18 (UTC+08:00)
	// current /charge_mode charge_mode: charge_mode is "prePaid": only a pay-per-use (postPaid) instance changes to yearly/monthly
}

// Each request's body has a schema of its own. What the body does not hold
// (the catalog's flavors, the current instance) it cannot see: the rules
// that rest on it are listed, each with the reason, by SchemaLimitsFor.
func ExampleJSONSchemaFor() {
	var schema struct {
		ID       string `json:"$id"`
		Required []string
	}
	if err := json.Unmarshal(core.JSONSchemaFor(core.APIChangeChargeMode), &schema); err != nil {
		panic(err)
	}
	fmt.Println(schema.ID)
	fmt.Println(schema.Required)
	// Output:
	// https://github.com/iotda-preflight/preflight/schema/change-iotda-instance-charge-mode.json
	// [period_type period_num]
}
