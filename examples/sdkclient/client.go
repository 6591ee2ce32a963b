// Package sdkclient drives the iotda-preflight gateway with a real client:
// the official Huawei Cloud Go SDK (huaweicloud-sdk-go-v3, services/iotdm/v5).
// It is a module of its own so the SDK and its dependencies stay out of the
// main module.
//
// An SDK client reaches a gateway like any IoTDA endpoint: point its endpoint
// at the gateway. The gateway's answers to invalid requests are in the API's
// error shape, so the SDK returns them as its own *sdkerr.ServiceResponseError
// with our error code and message.
package sdkclient

import (
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/basic"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/config"
	iotdm "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/iotdm/v5"
)

// NewClient returns an IoTDA instance-management client whose endpoint is
// the gateway at endpoint ("http://127.0.0.1:8080"), signing with the given
// access key pair. Giving the project ID spares the SDK a call to IAM.
func NewClient(endpoint, ak, sk, projectID string) (*iotdm.IoTDMClient, error) {
	return newClient(endpoint, ak, sk, projectID, httpConfig())
}

// httpConfig is NewClient's HTTP configuration: a 10 s timeout, no retries.
func httpConfig() *config.HttpConfig {
	return config.DefaultHttpConfig().WithTimeout(10e9).WithRetries(0)
}

// newClient is NewClient with the HTTP configuration hc (the tests add
// hooks that see the requests and responses as they go over the wire).
func newClient(endpoint, ak, sk, projectID string, hc *config.HttpConfig) (*iotdm.IoTDMClient, error) {
	cred, err := basic.NewCredentialsBuilder().WithAk(ak).WithSk(sk).WithProjectId(projectID).SafeBuild()
	if err != nil {
		return nil, err
	}
	c, err := iotdm.IoTDMClientBuilder().
		WithEndpoints([]string{endpoint}).
		WithCredential(cred).
		WithHttpConfig(hc).
		SafeBuild()
	if err != nil {
		return nil, err
	}
	return iotdm.NewIoTDMClient(c), nil
}
