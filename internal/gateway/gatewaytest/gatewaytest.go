// Package gatewaytest holds what every test of the gateway plugins shares:
// the API page's example requests and a few bodies that break one rule each.
package gatewaytest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/iotda-preflight/preflight/core"
	"github.com/iotda-preflight/preflight/examples/requests"
)

// ProjectID is a project ID of the shape the API uses (32 lowercase hex).
const ProjectID = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"

// Path is the create-instance path for ProjectID.
const Path = "/v5/iot/" + ProjectID + "/iotda-instances"

// InstanceID is an instance ID of the shape the API uses (36 characters of
// lowercase hex and hyphens).
const InstanceID = "8d3f0c3c-5b5a-4c8e-9e3f-0123456789ab"

// ResizePath and ChangeChargeModePath are the instance's two order-changing
// paths for ProjectID and InstanceID.
const (
	ResizePath           = Path + "/" + InstanceID + "/resize"
	ChangeChargeModePath = Path + "/" + InstanceID + "/change-charge-mode"
)

// Resize is a valid resize body (RULES.md, "Resize") that leaves delay to its
// default; is_auto_pay applies only to a yearly/monthly instance, which the
// plugin cannot know, so it is not filled.
var Resize = []byte(`{"flavor":{"type":"iotda.standard.s2","size":2}}`)

// ChangeChargeMode is a valid change-charge-mode body that leaves
// is_auto_renew and is_auto_pay to their defaults.
var ChangeChargeMode = []byte(`{"period_type":"year","period_num":1}`)

// FaultPath is a create-instance path whose check panics in a module built
// with the preflight_faults tag (internal/gateway/faults.go), and FaultTag
// that tag.
const (
	FaultPath = "/v5/iot/preflight-fault-panic/iotda-instances"
	FaultTag  = "preflight_faults"
)

// The API page's three example requests, as examples/requests holds them;
// the real API accepts them, so the check must too.
var (
	ExampleStandardYearly    = requests.StandardYearly
	ExampleStandardPayPerUse = requests.StandardPostPaid
	ExampleEnterprise        = requests.Enterprise
)

// Minimal is a valid request that leaves every optional member to its
// default: enterprise_project_id, is_auto_renew and is_auto_pay are filled.
var Minimal = []byte(`{"instance_type":"standard","flavor":{"type":"iotda.standard.s1","size":1},` +
	`"name":"minimal","charge_info":{"charge_mode":"prePaid","period_type":"month","period_num":1}}`)

// InvalidSize is JSON that breaks one rule: 201 units (RULES: 1-200).
var InvalidSize = []byte(`{"instance_type":"standard","flavor":{"type":"iotda.standard.s1","size":201},` +
	`"name":"too_big","charge_info":{"charge_mode":"postPaid"}}`)

// Signature is an Authorization header as Huawei Cloud's SDKs sign a request
// with an access key pair: over its body, which must then reach the API as
// sent.
const Signature = "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=00"

// Gzipped is a body as sent with Content-Encoding: gzip (its first bytes are
// gzip's; the plugin never inflates it).
var Gzipped = []byte("\x1f\x8b\x08\x00not really gzip")

// NotJSON is a body that is not JSON at all.
var NotJSON = []byte(`instance_type=standard&name=x`)

// Valid returns a valid body whose name is unique for i, so a test can tell
// which request the backend received.
func Valid(i int) []byte {
	return fmt.Appendf(nil, `{"instance_type":"standard","flavor":{"type":"iotda.standard.s1","size":%d},`+
		`"name":"load_%d","charge_info":{"charge_mode":"prePaid","period_type":"month","period_num":1},`+
		`"tags":[{"key":"seq","value":"%d"}]}`, i%200+1, i, i)
}

// Invalid returns a body that breaks one rule (size 0) and is unique for i.
func Invalid(i int) []byte {
	return fmt.Appendf(nil, `{"instance_type":"standard","flavor":{"type":"iotda.standard.s1","size":0},`+
		`"name":"load_%d","charge_info":{"charge_mode":"postPaid"}}`, i)
}

// SameExceptDefaults reports whether got is sent with exactly the members
// whose JSON Pointers defaults lists added (a comma-separated list, the
// X-Preflight-Defaults header), comparing JSON values, not bytes: the
// forwarded body is re-encoded compactly. It returns why not, or "".
func SameExceptDefaults(sent, got []byte, defaults string) string {
	var s, g any
	if err := json.Unmarshal(sent, &s); err != nil {
		return "sent body: " + err.Error()
	}
	if err := json.Unmarshal(got, &g); err != nil {
		return "received body: " + err.Error()
	}
	if defaults != "" {
		for _, ptr := range strings.Split(defaults, ",") {
			if has(s, ptr) {
				return "default " + ptr + " was already in the sent body"
			}
			if !remove(g, ptr) {
				return "default " + ptr + " is not in the received body"
			}
		}
	}
	if !reflect.DeepEqual(s, g) {
		return fmt.Sprintf("bodies differ beyond the defaults:\nsent %s\ngot  %s", compact(sent), compact(got))
	}
	return ""
}

func compact(b []byte) string {
	var buf bytes.Buffer
	if json.Compact(&buf, b) != nil {
		return string(b)
	}
	return buf.String()
}

// walk returns the object holding the member ptr names, and the member name.
func walk(v any, ptr string) (map[string]any, string) {
	parts := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	for _, p := range parts[:len(parts)-1] {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, ""
		}
		v = m[unescape(p)]
	}
	m, _ := v.(map[string]any)
	return m, unescape(parts[len(parts)-1])
}

func has(v any, ptr string) bool {
	m, name := walk(v, ptr)
	_, ok := m[name]
	return ok
}

func remove(v any, ptr string) bool {
	m, name := walk(v, ptr)
	if _, ok := m[name]; !ok {
		return false
	}
	delete(m, name)
	return true
}

func unescape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}

// Normalized is body with the API page's string-typed booleans and ports
// read as JSON types, as the check normalizes them.
func Normalized(body []byte) []byte {
	s := string(body)
	for _, kv := range [][2]string{{`"true"`, `true`}, {`"false"`, `false`}} {
		s = strings.ReplaceAll(s, kv[0], kv[1])
	}
	for _, port := range []string{"443", "5671", "5683", "5684", "1883", "8883"} {
		s = strings.ReplaceAll(s, `: "`+port+`"`, `: `+port)
	}
	return []byte(s)
}

// APIError is a plugin's answer to a request it did not forward.
type APIError struct {
	Code   string         `json:"error_code"`
	Msg    string         `json:"error_msg"`
	Errors []core.Problem `json:"errors"`
}

// Answer decodes a plugin's own answer and checks what every answer must
// be: the status wanted, JSON in the API's shape with the error code wanted
// and a message, and no trace of the auth token the tests send (Token).
func Answer(t testing.TB, status, wantStatus int, contentType string, body []byte, code string) APIError {
	t.Helper()
	if status != wantStatus {
		t.Fatalf("status %d, want %d: %s", status, wantStatus, body)
	}
	if contentType != "application/json;charset=UTF-8" {
		t.Errorf("content-type %q", contentType)
	}
	var a APIError
	if err := json.Unmarshal(body, &a); err != nil {
		t.Fatalf("answer is not JSON: %v: %s", err, body)
	}
	if a.Code != code || a.Msg == "" {
		t.Errorf("answer %s, want error_code %s and a message", body, code)
	}
	if bytes.Contains(body, []byte(Token)) {
		t.Errorf("the answer echoes the auth token: %s", body)
	}
	return a
}

// Token is the X-Auth-Token the tests send; no answer may contain it.
const Token = "a-token-never-echoed"
