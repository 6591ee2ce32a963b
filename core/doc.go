// Package core is the whole of iotda-preflight's domain: it reads the body of
// a Huawei Cloud IoTDA "Create an IoTDA Instance" request
// (POST /v5/iot/{project_id}/iotda-instances), checks it against every rule of
// the API, fills the defaults the platform would fill, and estimates what the
// order will cost. [Options].API selects the instance's two order-changing
// requests instead, resize and change-charge-mode, checked the same way with
// the instance as it is now ([Options].Current) and priced at the change time
// ([Options].At).
//
// It does no I/O and imports nothing but the standard library and
// github.com/shopspring/decimal, so the same code runs natively and as
// WebAssembly; every engine renders the same result document, byte for byte.
//
// The entry points are [Check], which returns a [Result], and [AppendCheck],
// which appends the result document's JSON to a buffer without building the
// Go values in between (the path the WebAssembly module and the gateway
// plugins take).
package core
