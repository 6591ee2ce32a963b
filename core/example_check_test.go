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
