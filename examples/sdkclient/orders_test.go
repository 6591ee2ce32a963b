package sdkclient

import (
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"sort"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/httphandler"
	iotdm "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/iotdm/v5"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/iotdm/v5/model"

	"github.com/iotda-preflight/preflight/core"
	"github.com/iotda-preflight/preflight/examples/gateway/proxy"
	"github.com/iotda-preflight/preflight/internal/gateway"
	gt "github.com/iotda-preflight/preflight/internal/gateway/gatewaytest"
)

// The instance's two order-changing calls, ResizeInstance and
// ChangeInstanceChargeMode, through the gateway as the SDK makes them. The
// plugin checks them with their own rules (RULES.md, "Resize", "Change of
// charge mode", "Path of both") but cannot price them: their price depends
// on the instance as it is now.

// wire is what the SDK put on the wire and got back for its last call, as
// its own HttpHandler hooks see them (the SDK calls them on the calling
// goroutine): the request target it sent, percent-encoded, and the response
// whole, whose members the SDK's error drops (the gateway's "errors").
type wire struct {
	uri    string
	header http.Header
	body   []byte
}

func (w *wire) handler() *httphandler.HttpHandler {
	return httphandler.NewHttpHandler().
		AddRequestHandler(func(r http.Request) { w.uri = r.URL.RequestURI() }).
		AddResponseHandler(func(r http.Response) {
			w.header = r.Header
			w.body, _ = io.ReadAll(r.Body)
		})
}

// order is one call of the SDK: the request target it is meant for (the
// project's and the instance's IDs as given, unencoded), its model body, and
// the call, which returns the order ID and status of a success.
type order struct {
	uri  string
	body any
	send func(*iotdm.IoTDMClient) (orderID *string, status int, err error)
}

func resize(instanceID string, b *model.ResizeInstance) order {
	return order{gt.Path + "/" + instanceID + "/resize", b, func(c *iotdm.IoTDMClient) (*string, int, error) {
		res, err := c.ResizeInstance(&model.ResizeInstanceRequest{InstanceId: instanceID, Body: b})
		if err != nil {
			return nil, 0, err
		}
		return res.OrderId, res.HttpStatusCode, nil
	}}
}

func changeChargeMode(instanceID string, b *model.ChangeInstanceChargeMode) order {
	return order{gt.Path + "/" + instanceID + "/change-charge-mode", b, func(c *iotdm.IoTDMClient) (*string, int, error) {
		res, err := c.ChangeInstanceChargeMode(&model.ChangeInstanceChargeModeRequest{InstanceId: instanceID, Body: b})
		if err != nil {
			return nil, 0, err
		}
		return res.OrderId, res.HttpStatusCode, nil
	}}
}

// startClient starts a gateway and an SDK client of it whose wire records
// its calls.
func startClient(t *testing.T) (*proxy.Stack, *iotdm.IoTDMClient, *wire) {
	t.Helper()
	st := startGateway(t)
	w := &wire{}
	client, err := newClient(st.Gateway.URL, ak, sk, gt.ProjectID, httpConfig().WithHttpHandler(w.handler()))
	if err != nil {
		t.Fatal(err)
	}
	return st, client, w
}

// pointers lists the JSON Pointers of body's leaves (its members that are
// not objects), sorted.
func pointers(body []byte) []string {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return nil
	}
	var out []string
	var walk func(v any, at string)
	walk = func(v any, at string) {
		m, ok := v.(map[string]any)
		if !ok {
			out = append(out, at)
			return
		}
		for k, e := range m {
			walk(e, at+"/"+k)
		}
	}
	walk(v, "")
	sort.Strings(out)
	return out
}

func TestOrderChangesReachTheBackendAsSigned(t *testing.T) {
	st, client, w := startClient(t)
	id := gt.InstanceID
	for _, tc := range []struct {
		name  string
		order order
		// members are the body's leaves as the backend receives them:
		// those the SDK sent, none filled, since the body is signed.
		members []string
		why     string
	}{
		{"resize: a standard flavor's units", resize(id, &model.ResizeInstance{
			Flavor: &model.Flavor{Type: "iotda.standard.s2", Size: ptr[int32](2)},
		}), []string{"/flavor/size", "/flavor/type"},
			"is_auto_pay and delay are optional; left out, they stay out of a signed body"},
		{"resize: every member", resize(id, &model.ResizeInstance{
			Flavor:    &model.Flavor{Type: "iotda.standard.s1", Size: ptr[int32](200)},
			IsAutoPay: ptr(true),
			Delay:     ptr(true),
		}), []string{"/delay", "/flavor/size", "/flavor/type", "/is_auto_pay"},
			"200 units is the most; the SDK names the members as RULES.md does (flavor.type, flavor.size, is_auto_pay, delay)"},
		{"resize: the free unit", resize(id, &model.ResizeInstance{
			Flavor: &model.Flavor{Type: "iotda.standard.s0", Size: ptr[int32](1)},
		}), []string{"/flavor/size", "/flavor/type"},
			"the price catalog sells the free unit one at a time"},
		{"change-charge-mode: nine months", changeChargeMode(id, &model.ChangeInstanceChargeMode{
			PeriodType: "month", PeriodNum: 9,
		}), []string{"/period_num", "/period_type"},
			"nine is the most months; is_auto_renew and is_auto_pay are optional and stay out"},
		{"change-charge-mode: every member", changeChargeMode(id, &model.ChangeInstanceChargeMode{
			PeriodType: "year", PeriodNum: 3, IsAutoRenew: ptr(true), IsAutoPay: ptr(false),
		}), []string{"/is_auto_pay", "/is_auto_renew", "/period_num", "/period_type"},
			"three is the most years; the SDK names the members as RULES.md does (period_type, period_num, is_auto_renew, is_auto_pay)"},
	} {
		orderID, status, err := tc.order.send(client)
		if err != nil {
			t.Errorf("%s: %v (%s)", tc.name, err, tc.why)
			st.Backend.Reset()
			continue
		}
		if status != 200 || orderID == nil || *orderID == "" {
			t.Errorf("%s: status %d, order ID %v: the backend's answer did not come back", tc.name, status, orderID)
		}
		if w.uri != tc.order.uri {
			t.Errorf("%s: the SDK sent %s, want %s", tc.name, w.uri, tc.order.uri)
		}
		body := forwarded(t, tc.name, st, tc.order.uri, tc.order.body)
		if got := pointers(body); !reflect.DeepEqual(got, tc.members) {
			t.Errorf("%s: the backend got members %v, want %v (%s)", tc.name, got, tc.members, tc.why)
		}
		// The plugin prices create only: these answers carry no estimate.
		for _, h := range []string{gateway.HeaderEstimate, gateway.HeaderCurrency} {
			if v := w.header.Get(h); v != "" {
				t.Errorf("%s: the answer carries %s: %q, but the plugin cannot price an order change", tc.name, h, v)
			}
		}
	}
}

func TestInvalidOrderChangesComeBackAsSDKErrors(t *testing.T) {
	st, client, w := startClient(t)
	id := gt.InstanceID
	units := func(typ string, size int32) *model.ResizeInstance {
		return &model.ResizeInstance{Flavor: &model.Flavor{Type: typ, Size: ptr(size)}}
	}
	months := func(typ string, n int32) *model.ChangeInstanceChargeMode {
		return &model.ChangeInstanceChargeMode{PeriodType: typ, PeriodNum: n}
	}
	// Each the SDK sends without complaint and the API would refuse: the
	// gateway answers with the one problem, which the SDK's error keeps only
	// in its message, so the problem itself is read from the answer.
	for _, tc := range []struct {
		name    string
		order   order
		sent    string // the request target on the wire, when it is not order.uri
		problem core.Problem
		why     string
	}{
		{"resize: 201 units", resize(id, units("iotda.standard.s1", 201)), "",
			core.Problem{Path: "/flavor/size", Code: core.CodeRange}, "a standard flavor has 1-200 units"},
		{"resize: no units", resize(id, units("iotda.standard.s1", 0)), "",
			core.Problem{Path: "/flavor/size", Code: core.CodeRange}, "zero units is below the least, one"},
		{"resize: two free units", resize(id, units("iotda.standard.s0", 2)), "",
			core.Problem{Path: "/flavor/size", Code: core.CodeRange}, "the price catalog lowers the free unit's most to one"},
		{"resize: unknown flavor", resize(id, units("iotda.standard.s9", 2)), "",
			core.Problem{Path: "/flavor/type", Code: core.CodeUnknownFlavor}, "the price catalog sells no s9"},
		{"resize: instance_id in capitals", resize("8D3F0C3C-5B5A-4C8E-9E3F-0123456789AB", units("iotda.standard.s2", 2)), "",
			core.Problem{Path: "instance_id", In: "path", Code: core.CodePattern}, "an instance ID is lowercase 0-9a-f-"},
		{"resize: instance_id with a space", resize("my instance", units("iotda.standard.s2", 2)),
			gt.Path + "/my%20instance/resize",
			core.Problem{Path: "instance_id", In: "path", Code: core.CodePattern},
			"the SDK puts the ID in the path as it is and Go's client percent-encodes the space; the gateway decodes it and reports the ID"},
		{"resize: no instance_id", resize("", units("iotda.standard.s2", 2)), "",
			core.Problem{Path: "instance_id", In: "path", Code: core.CodeRequired},
			"the SDK sends an empty ID as an empty segment (\"//resize\"), which the gateway reads as the ID, missing"},
		{"resize: instance_id of 37", resize(id+"0", units("iotda.standard.s2", 2)), "",
			core.Problem{Path: "instance_id", In: "path", Code: core.CodeLength}, "an instance ID is at most 36 characters"},
		{"change-charge-mode: 13 months", changeChargeMode(id, months("month", 13)), "",
			core.Problem{Path: "/period_num", Code: core.CodeRange}, "monthly is 1-9 months"},
		{"change-charge-mode: 4 years", changeChargeMode(id, months("year", 4)), "",
			core.Problem{Path: "/period_num", Code: core.CodeRange}, "yearly is 1-3 years"},
		{"change-charge-mode: no period_num", changeChargeMode(id, months("month", 0)), "",
			core.Problem{Path: "/period_num", Code: core.CodeRange},
			"the SDK's PeriodNum is an int32 it always sends, so one left unset goes as 0, below the least"},
		{"change-charge-mode: weekly", changeChargeMode(id, months("week", 1)), "",
			core.Problem{Path: "/period_type", Code: core.CodeEnum}, "period_type is month or year"},
		{"change-charge-mode: instance_id not hex", changeChargeMode("instance-xyz", months("year", 1)), "",
			core.Problem{Path: "instance_id", In: "path", Code: core.CodePattern}, "x, y and z are not hex digits"},
	} {
		_, _, err := tc.order.send(client)
		if !refused(t, tc.name, err, tc.problem.Path) {
			t.Logf("%s: %s", tc.name, tc.why)
		}
		sent := tc.sent
		if sent == "" {
			sent = tc.order.uri
		}
		if w.uri != sent {
			t.Errorf("%s: the SDK sent %s, want %s", tc.name, w.uri, sent)
		}
		var a gt.APIError
		if err := json.Unmarshal(w.body, &a); err != nil {
			t.Errorf("%s: the answer is not JSON: %v: %s", tc.name, err, w.body)
			continue
		}
		if len(a.Errors) != 1 {
			t.Errorf("%s: problems %+v, want %+v (%s)", tc.name, a.Errors, tc.problem, tc.why)
			continue
		}
		if p := a.Errors[0]; p.Path != tc.problem.Path || p.In != tc.problem.In || p.Code != tc.problem.Code {
			t.Errorf("%s: problem %s in %q %s, want %s in %q %s (%s)", tc.name,
				p.Path, p.In, p.Code, tc.problem.Path, tc.problem.In, tc.problem.Code, tc.why)
		}
	}
	if got := st.Backend.Received(); len(got) != 0 {
		t.Errorf("the backend received %d invalid requests", len(got))
	}
}

// The SDK does not percent-encode a path parameter: it puts the ID in the
// path as it is, and Go's client then encodes only what a path cannot hold
// (a space, '?', '#', '%', non-ASCII), so a '/', ';' or ".." in an ID changes
// the path itself. The gateway reads that path as a lenient router would,
// which tells whether it checks the request: each row sends 201 units, which
// a checked request is refused for.
func TestInstanceIDsTheSDKDoesNotEncode(t *testing.T) {
	st, client, w := startClient(t)
	body := &model.ResizeInstance{Flavor: &model.Flavor{Type: "iotda.standard.s1", Size: ptr[int32](201)}}
	for _, tc := range []struct {
		id      string
		checked bool
		why     string
	}{
		{"a/b", false, "two segments where the ID was: a path no route of the API has, passed through unchecked"},
		{"..", false, "the dot segment takes the ID's place away: \"/v5/iot/{project_id}/resize\", no route either"},
		{"abc;x=1", true, "a matrix parameter, which the gateway drops as lenient routers do: resize of the instance abc"},
	} {
		o := resize(tc.id, body)
		_, _, err := o.send(client)
		if w.uri != o.uri {
			t.Errorf("%q: the SDK sent %s, want %s (%s)", tc.id, w.uri, o.uri, tc.why)
		}
		got := st.Backend.Received()
		st.Backend.Reset()
		if tc.checked {
			refused(t, tc.id, err, "/flavor/size")
			if len(got) != 0 {
				t.Errorf("%q: the backend received %d invalid requests (%s)", tc.id, len(got), tc.why)
			}
			continue
		}
		if err != nil || len(got) != 1 || got[0].URI != o.uri {
			t.Errorf("%q: error %v, backend received %+v; want the request passed through to %s (%s)", tc.id, err, got, o.uri, tc.why)
		}
	}
}
