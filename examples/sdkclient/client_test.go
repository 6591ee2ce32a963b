package sdkclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/signer"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/request"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/iotdm/v5/model"

	"github.com/iotda-preflight/preflight/examples/gateway/proxy"
	"github.com/iotda-preflight/preflight/internal/gateway"
	gt "github.com/iotda-preflight/preflight/internal/gateway/gatewaytest"
	"github.com/iotda-preflight/preflight/internal/wasmbuild"
)

// The official SDK talks to examples/gateway (the compiled http-wasm
// middleware in a Go reverse proxy) over loopback HTTP. It signs every
// request with an access key pair (AK/SK), over its body; the tests check
// each signature the backend receives with the SDK's own signer, as the API
// would, so the key pair is made up.

const ak, sk = "AKDUMMYDUMMYDUMMY0001", "dummy-secret-key"

func startGateway(t *testing.T) *proxy.Stack {
	t.Helper()
	guest, err := wasmbuild.Bytes("github.com/iotda-preflight/preflight/wasm/httpwasm")
	if err != nil {
		t.Fatal(err)
	}
	st, err := proxy.Start(context.Background(), guest, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	return st
}

func ptr[T any](v T) *T { return &v }

// minimal is a standard, monthly, one-unit order that leaves every optional
// member out, so the gateway fills enterprise_project_id, is_auto_renew and
// is_auto_pay.
func minimal() *model.CreateInstance {
	return &model.CreateInstance{
		InstanceType: "standard",
		Flavor:       &model.Flavor{Type: "iotda.standard.s1", Size: ptr[int32](1)},
		Name:         "sdk_minimal",
		ChargeInfo:   &model.ChargeInfo{ChargeMode: "prePaid", PeriodType: ptr("month"), PeriodNum: ptr[int32](1)},
	}
}

func TestValidRequestsReachTheBackendCompleted(t *testing.T) {
	st := startGateway(t)
	client, err := NewClient(st.Gateway.URL, ak, sk, gt.ProjectID)
	if err != nil {
		t.Fatal(err)
	}
	page1 := &model.CreateInstance{ // the API page's first example, as SDK values
		InstanceType:        "standard",
		Flavor:              &model.Flavor{Type: "iotda.standard.s1", Size: ptr[int32](2)},
		Name:                "iotda_instance",
		ChargeInfo:          &model.ChargeInfo{ChargeMode: "prePaid", PeriodType: ptr("year"), PeriodNum: ptr[int32](1), IsAutoRenew: ptr(true), IsAutoPay: ptr(false)},
		Description:         ptr("IoTDA instance for production."),
		EnterpriseProjectId: ptr("d22e47e9-cfad-4254-8a29-d2a56a07681d"),
		Tags:                &[]model.Tag{{Key: "testTagName", Value: ptr("testTagValue")}},
	}
	// A signed body must reach the API byte for byte, so the gateway checks
	// and prices these but fills nothing, even where defaults apply
	// (minimal leaves enterprise_project_id, is_auto_renew and is_auto_pay
	// out): the platform fills them. A filled body failed the signature.
	for _, tc := range []struct {
		name string
		body *model.CreateInstance
	}{
		{"minimal", minimal()},
		{"page example 1", page1},
	} {
		res, err := client.CreateInstance(&model.CreateInstanceRequest{Body: tc.body})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if res.HttpStatusCode != 200 || res.InstanceId == nil || *res.InstanceId == "" {
			t.Errorf("%s: response %v", tc.name, res)
		}
		forwarded(t, tc.name, st, gt.Path, tc.body)
	}
}

// forwarded checks the one request the backend received since the last
// call, for a valid request the SDK sent to uri with the model body sent:
// the signature the SDK made still holds (the API checks it), so the body is
// the bytes the SDK signed, not filled (no X-Preflight-Defaults). It returns
// the body as received.
func forwarded(t *testing.T, name string, st *proxy.Stack, uri string, sent any) []byte {
	t.Helper()
	got := st.Backend.Received()
	st.Backend.Reset()
	if len(got) != 1 {
		t.Fatalf("%s: the backend received %d requests", name, len(got))
	}
	r := got[0]
	if r.Method != "POST" || r.URI != uri {
		t.Errorf("%s: backend got %s %s, want POST %s", name, r.Method, r.URI, uri)
	}
	if err := verifySignature(r, st.Gateway.URL); err != nil {
		t.Errorf("%s: the API would refuse the request: %v", name, err)
	}
	if d := r.Header.Get(gateway.HeaderDefaults); d != "" {
		t.Errorf("%s: %s = %q on a signed request, whose body must not change", name, gateway.HeaderDefaults, d)
	}
	b, _ := json.Marshal(sent)
	if why := gt.SameExceptDefaults(b, r.Body, ""); why != "" {
		t.Errorf("%s: %s", name, why)
	}
	return r.Body
}

// verifySignature signs the request the backend received again with the
// SDK's own signer (SDK-HMAC-SHA256), over the headers its Authorization
// names, the body as received and the address the client used (endpoint),
// and compares the signatures, as the API does.
func verifySignature(r proxy.Received, endpoint string) error {
	auth := r.Header.Get("Authorization")
	_, params, ok := strings.Cut(auth, " ")
	if !ok {
		return fmt.Errorf("no signature: Authorization %q", auth)
	}
	var signed []string
	for _, p := range strings.Split(params, ",") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(p), "SignedHeaders="); ok {
			signed = strings.Split(v, ";")
		}
	}
	if len(signed) == 0 {
		return fmt.Errorf("no signed headers: Authorization %q", auth)
	}
	b := request.NewHttpRequestBuilder().WithEndpoint(endpoint).WithPath(r.URI).WithMethod(r.Method).
		WithBody("body", string(r.Body)).AddHeaderParam("Content-Type", r.Header.Get("Content-Type"))
	for _, h := range signed {
		// As the SDK names them (the signer adds X-Sdk-Date by that name);
		// the host's value comes from endpoint.
		b.AddHeaderParam(http.CanonicalHeaderKey(h), r.Header.Get(h))
	}
	again, err := signer.Sign(b.Build(), ak, sk)
	if err != nil {
		return err
	}
	if again["Authorization"] != auth {
		return fmt.Errorf("the signature does not match the request as received:\n sent   %s\n again  %s", auth, again["Authorization"])
	}
	return nil
}

func TestInvalidRequestsComeBackAsSDKErrors(t *testing.T) {
	st := startGateway(t)
	client, err := NewClient(st.Gateway.URL, ak, sk, gt.ProjectID)
	if err != nil {
		t.Fatal(err)
	}
	// Values the SDK sends without complaint; the API would refuse them.
	for _, tc := range []struct {
		name   string
		modify func(*model.CreateInstance)
		path   string
		code   string
	}{
		{"201 units", func(b *model.CreateInstance) { b.Flavor.Size = ptr[int32](201) }, "/flavor/size", "range"},
		{"13 months", func(b *model.CreateInstance) { b.ChargeInfo.PeriodNum = ptr[int32](13) }, "/charge_info/period_num", "range"},
		{"name with a space", func(b *model.CreateInstance) { b.Name = "my instance" }, "/name", "pattern"},
		{"unknown flavor", func(b *model.CreateInstance) { b.Flavor.Type = "iotda.standard.s9" }, "/flavor/type", "unknown_flavor"},
		{"reserved tag key", func(b *model.CreateInstance) {
			b.Tags = &[]model.Tag{{Key: "_sys_owner"}}
		}, "/tags/0/key", "pattern"},
	} {
		body := minimal()
		tc.modify(body)
		_, err := client.CreateInstance(&model.CreateInstanceRequest{Body: body})
		refused(t, tc.name, err, tc.path)
	}
	if got := st.Backend.Received(); len(got) != 0 {
		t.Errorf("the backend received %d invalid requests", len(got))
	}
}

// refused checks that err is the SDK's own error for the gateway's answer to
// an invalid request: 400 with IOTDA.000006, its message naming path (a JSON
// Pointer, or a path parameter's name) first. It reports whether it is.
func refused(t *testing.T, name string, err error, path string) bool {
	t.Helper()
	var se *sdkerr.ServiceResponseError
	if !errors.As(err, &se) {
		t.Errorf("%s: error %T %v, want *sdkerr.ServiceResponseError", name, err, err)
		return false
	}
	ok := true
	if se.StatusCode != 400 || se.ErrorCode != gateway.CodeInvalidInput {
		t.Errorf("%s: %d %s, want 400 %s", name, se.StatusCode, se.ErrorCode, gateway.CodeInvalidInput)
		ok = false
	}
	if !strings.HasPrefix(se.ErrorMessage, "Invalid input data. "+path+": ") {
		t.Errorf("%s: message %q does not name %s", name, se.ErrorMessage, path)
		ok = false
	}
	return ok
}
