// Package gateway is what the two gateway plugins (wasm/proxywasm for
// Envoy-family hosts, wasm/httpwasm for Traefik and Dapr) decide, written
// once and tested natively: which requests are checked, how the plugin
// configuration reads, and what a checked request becomes (forwarded with
// its defaults filled and priced, or answered at the edge in the API's own
// error shape). The plugins only move bytes between their host ABI and this
// package.
//
// The plugin configuration is one JSON object; every member is optional:
//
//	{"strict": false, "max_body_bytes": 1048576, "fill_defaults": true,
//	 "fail_open": false, "lang": "en", "catalog": {...a price catalog...}}
//
// A boolean or a whole number may also be written as a string ("true",
// "1048576"), as Traefik's file provider hands every option (ParseConfig).
//
// The matched requests (Match, which reads every spelling of their paths a
// lenient backend routes) are the three the check covers, each checked with
// its own rules and the path's parameters:
//
//	POST /v5/iot/{project_id}/iotda-instances                                 create
//	POST /v5/iot/{project_id}/iotda-instances/{instance_id}/resize             resize
//	POST /v5/iot/{project_id}/iotda-instances/{instance_id}/change-charge-mode change-charge-mode
//
// What a matched request becomes:
//
//   - valid: forwarded; with fill_defaults its body is the normalized body with
//     the defaults filled (else the bytes as sent), the request header
//     X-Preflight-Defaults lists the filled members' JSON Pointers, and a
//     successful (2xx) response to create carries X-Preflight-Estimate (the
//     total, or "unpriced") and X-Preflight-Currency. Resize and
//     change-charge-mode carry neither: their price depends on the instance
//     as it is now, which the plugin does not know. When the host forwards
//     the request with the length it came with, whatever body the plugin
//     gives it (Request's
//     FixedLength: http-wasm hosts built on Go's net/http, Traefik and Dapr
//     among them), the filled body is padded with spaces to that length, or,
//     longer than it, not used: the bytes as sent go on, and
//     X-Preflight-Defaults is removed (the platform fills the same defaults).
//     A request signed over its body (Huawei Cloud's AK/SK signing, which the
//     official SDKs use: an Authorization header, without X-Sdk-Content-Sha256:
//     UNSIGNED-PAYLOAD) is never filled: the API would refuse the signature.
//   - invalid: 400 {"error_code":"IOTDA.000006","error_msg":...,"errors":[...]}
//     (IOTDA.000008 when the body is not JSON); never forwarded. A path
//     parameter's problem (an empty or malformed instance_id) is one of the
//     errors, with "in":"path".
//   - larger than max_body_bytes: the plugin cannot buffer it, so fail_open
//     decides: closed (the default) answers 413 in the same shape with one
//     too_large problem; open forwards it unchecked.
//   - sent with a Content-Encoding (gzip, br, ...): the plugin cannot read it
//     as JSON, so fail_open decides: closed answers 415
//     {"error_code":"PREFLIGHT.000415",...} at the headers; open forwards it
//     unchecked.
//   - the plugin itself failed (a recovered panic, a host call that failed):
//     closed answers 500 {"error_code":"PREFLIGHT.000500",...}; open forwards
//     the request unchecked.
//
// What fail open forwards unchecked (too large, encoded, or a failure) is marked
// X-Preflight-Skipped, with the reason, on the request and on its response.
//
// Every other method or path passes through untouched.
package gateway
