package sdkclient

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/iotdm/v5/model"

	"github.com/iotda-preflight/preflight/examples/gateway/proxy"
	"github.com/iotda-preflight/preflight/internal/gateway"
	gt "github.com/iotda-preflight/preflight/internal/gateway/gatewaytest"
	"github.com/iotda-preflight/preflight/internal/wasmbuild"
)

// The official SDK talks to examples/gateway (the compiled http-wasm
// middleware in a Go reverse proxy) over loopback HTTP. The backend does not
// verify signatures, so any access key pair will do.

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
	client, err := NewClient(st.Gateway.URL, "AKDUMMYDUMMYDUMMY0001", "dummy-secret-key", gt.ProjectID)
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
	for _, tc := range []struct {
		name     string
		body     *model.CreateInstance
		defaults []string
	}{
		{"minimal", minimal(), []string{"/enterprise_project_id", "/charge_info/is_auto_renew", "/charge_info/is_auto_pay"}},
		{"page example 1", page1, nil},
	} {
		res, err := client.CreateInstance(&model.CreateInstanceRequest{Body: tc.body})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if res.HttpStatusCode != 200 || res.InstanceId == nil || *res.InstanceId == "" {
			t.Errorf("%s: response %v", tc.name, res)
		}
		got := st.Backend.Received()
		st.Backend.Reset()
		if len(got) != 1 {
			t.Fatalf("%s: the backend received %d requests", tc.name, len(got))
		}
		r := got[0]
		if r.Method != "POST" || r.URI != gt.Path {
			t.Errorf("%s: backend got %s %s", tc.name, r.Method, r.URI)
		}
		if r.Header.Get("Authorization") == "" || r.Header.Get("X-Sdk-Date") == "" {
			t.Errorf("%s: the SDK's signature headers did not reach the backend: %v", tc.name, r.Header)
		}
		defaults := r.Header.Get(gateway.HeaderDefaults)
		for _, d := range tc.defaults {
			if !strings.Contains(","+defaults+",", ","+d+",") {
				t.Errorf("%s: %s not filled (defaults %q)", tc.name, d, defaults)
			}
		}
		sent, _ := json.Marshal(tc.body)
		if why := gt.SameExceptDefaults(sent, r.Body, defaults); why != "" {
			t.Errorf("%s: %s", tc.name, why)
		}
	}
}

func TestInvalidRequestsComeBackAsSDKErrors(t *testing.T) {
	st := startGateway(t)
	client, err := NewClient(st.Gateway.URL, "AKDUMMYDUMMYDUMMY0001", "dummy-secret-key", gt.ProjectID)
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
		var se *sdkerr.ServiceResponseError
		if !errors.As(err, &se) {
			t.Errorf("%s: error %T %v, want *sdkerr.ServiceResponseError", tc.name, err, err)
			continue
		}
		if se.StatusCode != 400 || se.ErrorCode != gateway.CodeInvalidInput {
			t.Errorf("%s: %d %s, want 400 %s", tc.name, se.StatusCode, se.ErrorCode, gateway.CodeInvalidInput)
		}
		if !strings.HasPrefix(se.ErrorMessage, "Invalid input data. "+tc.path+": ") {
			t.Errorf("%s: message %q does not name %s", tc.name, se.ErrorMessage, tc.path)
		}
	}
	if got := st.Backend.Received(); len(got) != 0 {
		t.Errorf("the backend received %d invalid requests", len(got))
	}
}
