package core

// Check reads, checks, completes and prices one request body.
func Check(body []byte, opts Options) *Result {
	return &Result{Errors: []Problem{{Code: CodeSyntax, Message: "TEMPORARY: the reader is being written"}}}
}

// AppendCheck appends the result document of Check(body, opts) to dst, as
// compact JSON, and returns the extended buffer.
func AppendCheck(dst, body []byte, opts Options) []byte {
	return append(dst, `{"valid":false,"errors":[{"path":"","code":"syntax","message":"TEMPORARY"}],"warnings":[],"defaults":[]}`...)
}
