package core

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzSeeds adds the example requests and a few hostile shapes.
func fuzzSeeds(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "examples", "requests", "*.json"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{``, `{}`, `[]`, `null`, `{"a":1,"a":2}`, `{"name":"\ud800"}`, "{\"name\":\"\xff\"}",
		`{"tags":[{"key":"a"},{"key":"a"}]}`, `[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`,
		`{"flavor":{"size":1e999},"charge_info":{"period_num":"-0"}}`,
		`{"instance_type":"enterprise","charge_info":{"charge_mode":"prePaid","is_auto_pay":null},"additional_params":{"port_info":{"app_https_port":null,"x":{"y":[1, {}]}}},"tags":[1,{"key":"k","value":null}]}`,
		`{"instance_type" : "standard" , "flavor" : { "size" : "2" } , "charge_info" : { "charge_mode" : "prePaid" , "is_auto_renew" : "true" } }`, `{"x":"\u00e9\ud83d\ude00"} `, "\xef\xbb\xbf{}"} {
		f.Add([]byte(s))
	}
}

// FuzzRead checks the reader against encoding/json: whatever it reads is
// JSON, whatever is not JSON it refuses, and on valid UTF-8 JSON without
// escapes it only refuses duplicates and depth.
func FuzzRead(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		var r reader
		r.reset(body, DefaultMaxDepth)
		r.read()
		read := r.err == nil && len(r.dups) == 0
		if read && !json.Valid(body) {
			t.Fatalf("read a body encoding/json rejects: %q", body)
		}
		if !json.Valid(body) && r.err == nil {
			t.Fatalf("accepted a body encoding/json rejects: %q", body)
		}
		if r.err != nil && json.Valid(body) && utf8.Valid(body) && !bytes.Contains(body, []byte(`\u`)) &&
			!bytes.HasPrefix(body, []byte("\xef\xbb\xbf")) && r.err.code != CodeTooDeep {
			t.Fatalf("refused valid JSON with %s: %q", r.err.code, body)
		}
		if r.err == nil {
			// Duplicates against a plain reference: a set of decoded names
			// per object.
			want := 0
			for i := range r.nodes {
				if r.nodes[i].kind != kindObject {
					continue
				}
				names := map[string]bool{}
				for m := r.nodes[i].first; m >= 0; m = r.nodes[m].next {
					name := string(r.key(int32(m)))
					if names[name] {
						want++
					}
					names[name] = true
				}
			}
			if len(r.dups) != want {
				t.Fatalf("%d duplicates found, %d in fact: %q", len(r.dups), want, body)
			}
		}
		if read {
			for i := range r.nodes {
				if p := r.pointer(nil, int32(i), false); !utf8.Valid(p) {
					t.Fatalf("pointer %q is not UTF-8", p)
				}
			}
		}
	})
}

// FuzzCheck runs the whole check: it never panics, its document is JSON,
// valid is true exactly when errors is empty, and both renderings agree.
func FuzzCheck(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, opts := range []Options{{}, {Strict: true, Lang: Chinese, MaxDepth: 4}} {
			checkDocument(t, body, opts)
		}
	})
}

// checkDocument checks the document of body with opts: JSON, valid when it
// has no errors, its request the body read another way (checkRequest), and
// the same bytes from Check. It returns the errors.
func checkDocument(t *testing.T, body []byte, opts Options) []Problem {
	t.Helper()
	doc := AppendCheck(nil, body, opts)
	var got struct {
		Valid   bool            `json:"valid"`
		Errors  []Problem       `json:"errors"`
		Request json.RawMessage `json:"request"`
	}
	if err := json.Unmarshal(doc, &got); err != nil {
		t.Fatalf("document is not JSON (%v): %s", err, doc)
	}
	if got.Valid != (len(got.Errors) == 0) {
		t.Fatalf("valid=%v with %d errors", got.Valid, len(got.Errors))
	}
	if got.Request != nil {
		checkRequest(t, body, doc, got.Request)
	}
	if m, _ := Check(body, opts).MarshalJSON(); !bytes.Equal(m, doc) {
		t.Fatalf("Check and AppendCheck differ:\n%s\n%s", m, doc)
	}
	return got.Errors
}

// checkRequest checks the normalized request of doc against a reference
// made another way: the body decoded by encoding/json, with each string the
// warnings call coerced turned into its JSON type and each default the
// document lists set. It must be that, as compact JSON.
func checkRequest(t *testing.T, body, doc, request []byte) {
	t.Helper()
	var res struct {
		Warnings []struct{ Path, In, Code string }
		Defaults []string
	}
	decode := func(b []byte) any {
		d := json.NewDecoder(bytes.NewReader(b))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			t.Fatalf("%v: %s", err, b)
		}
		return v
	}
	if err := json.Unmarshal(doc, &res); err != nil {
		t.Fatal(err)
	}
	want := decode(body)
	set := func(ptr string, to func(any) any) {
		parts := strings.Split(ptr, "/")[1:]
		cur := want.(map[string]any)
		for _, p := range parts[:len(parts)-1] {
			cur = cur[p].(map[string]any)
		}
		cur[parts[len(parts)-1]] = to(cur[parts[len(parts)-1]])
	}
	for _, w := range res.Warnings {
		if w.Code != string(CodeCoerced) || w.In != "" { // the current instance's are not the body's
			continue
		}
		set(w.Path, func(v any) any {
			s := v.(string)
			if s == "true" || s == "false" {
				return s == "true"
			}
			if n, err := strconv.ParseInt(s, 10, 64); err == nil {
				return json.Number(strconv.FormatInt(n, 10))
			}
			return s // too long to read: kept as written (a range error)
		})
	}
	for _, ptr := range res.Defaults {
		f := fRoot
		for f < numFields && fields[f].pointer != ptr {
			f++
		}
		if f == numFields {
			t.Fatalf("default %s is no field's", ptr)
		}
		set(ptr, func(any) any { return decode([]byte(fields[f].def)) })
	}
	if got := decode(request); !reflect.DeepEqual(got, want) {
		t.Fatalf("request\n%s\nis not the body with its coercions and defaults:\n%s", request, body)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, request); err != nil || !bytes.Equal(compact.Bytes(), request) {
		t.Fatalf("request is not compact JSON (%v): %s", err, request)
	}
}

// optionsJSON writes o in the options' JSON form, all but its catalog.
func optionsJSON(o Options) []byte {
	b := []byte(`{"strict":` + strconv.FormatBool(o.Strict) + `,"max_bytes":` + strconv.Itoa(o.MaxBytes) +
		`,"max_depth":` + strconv.Itoa(o.MaxDepth))
	if o.Lang != "" {
		b = AppendString(append(b, `,"lang":`...), string(o.Lang))
	}
	if p := o.Params; p != nil {
		b = AppendString(append(b, `,"params":{"project_id":`...), p.ProjectID)
		if p.HasAuthToken {
			b = AppendString(append(b, `,"auth_token":`...), p.AuthToken)
		}
		if p.InstanceID != "" {
			b = AppendString(append(b, `,"instance_id":`...), p.InstanceID)
		}
		b = append(b, '}')
	}
	if o.API != "" {
		b = AppendString(append(b, `,"api":`...), string(o.API))
	}
	if o.Current != nil {
		b = append(append(b, `,"current":`...), o.Current...)
	}
	if o.At != "" {
		b = AppendString(append(b, `,"at":`...), o.At)
	}
	return append(b, '}')
}

// FuzzOptions reads the options' JSON form, which hosts take from their
// callers: it never panics, a mistake is an error that says it is the
// options', what it accepts reads back the same when written again, and a
// check runs with it.
func FuzzOptions(f *testing.F) {
	for _, s := range []string{``, `{}`, `null`, `{"strict":true,"max_bytes":10,"max_depth":3,"lang":"zh"}`,
		`{"params":{"project_id":"p","auth_token":"t"}}`, `{"params":{"auth_token":null}}`, `{"lang":null,"strict":null}`,
		`{"strict":true,"strict":false}`, `{"max_bytes":-1}`, `{"max_bytes":1e3}`, `{"max_depth":1000}`, `{"max_depth":1001}`, `{"max_bytes":4194305}`,
		`{"max_depth":99999999999999999999}`, `{"catalog":` + string(defaultCatalogJSON) + `}`, `{"catalog":{"flavors":[]}}`,
		`{"params":[]}`, `{"x":1}`, `{"api":"resize","current":{"flavor":{"type":"iotda.standard.st","size":5}},"at":"2023-05-20T09:00:00.5+08:00"}`,
		`{"api":"change-charge-mode","params":{"project_id":"p","instance_id":"0a-1"},"at":"2024-02-29T23:59:59Z"}`, `{"api":"x"}`, `{"current":[]}`, `{"at":"2023-02-29T00:00:00Z"}`, `{"lang":"\u007a\u0068"}`, "{\"params\":{\"project_id\":\"\xff\"}}"} {
		f.Add([]byte(s))
	}
	body, err := os.ReadFile(filepath.Join("..", "examples", "requests", "standard-yearly.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		o, err := ParseOptions(data)
		if err != nil {
			if msg := err.Error(); !strings.HasPrefix(msg, "options") || !utf8.ValidString(msg) {
				t.Fatalf("error %q: not the options', or not UTF-8", msg)
			}
			return
		}
		if o.MaxBytes < 0 || o.MaxBytes > MaxBytesLimit || o.MaxDepth < 0 || o.MaxDepth > MaxDepthLimit {
			t.Fatalf("limits %d, %d accepted", o.MaxBytes, o.MaxDepth)
		}
		again, err := ParseOptions(optionsJSON(o))
		if err != nil {
			t.Fatalf("%s, written again as %s: %v", data, optionsJSON(o), err)
		}
		again.Catalog = o.Catalog
		if o.Params != nil && again.Params != nil && *o.Params == *again.Params {
			again.Params = o.Params
		}
		if !reflect.DeepEqual(again, o) {
			t.Fatalf("%s reads as %+v, written again as %+v", data, o, again)
		}
		if doc := AppendCheck(nil, body, o); !json.Valid(doc) {
			t.Fatalf("with %s the document is not JSON: %s", data, doc)
		}
	})
}

// FuzzParams checks bodies with path and header parameters of any bytes
// (the project_id comes percent-decoded from a URL, the token from a
// header): both renderings agree, the parameters' problems say where they
// are, and the token counts only by its length, so it is never written out.
func FuzzParams(f *testing.F) {
	f.Add([]byte(`{}`), "0123456789abcdef0123456789abcdef", "a-token", true)
	f.Add([]byte(`{"name":"x"}`), "../x", strings.Repeat("t", 20000), true)
	f.Add([]byte(`{"name":"x"}`), "\xff\x00", "", true)
	f.Add([]byte(`{}`), "", "", false)
	f.Fuzz(func(t *testing.T, body []byte, projectID, token string, hasToken bool) {
		o := Options{Params: &Params{ProjectID: projectID, AuthToken: token, HasAuthToken: hasToken}}
		doc := AppendCheck(nil, body, o)
		if m, _ := Check(body, o).MarshalJSON(); !bytes.Equal(m, doc) {
			t.Fatalf("Check and AppendCheck differ:\n%s\n%s", m, doc)
		}
		var got struct {
			Errors []Problem `json:"errors"`
		}
		if err := json.Unmarshal(doc, &got); err != nil {
			t.Fatalf("document is not JSON (%v): %s", err, doc)
		}
		for _, p := range got.Errors {
			switch {
			case p.In == "path" && p.Path != "project_id", p.In == "header" && p.Path != "X-Auth-Token":
				t.Fatalf("a %s parameter's problem at %q", p.In, p.Path)
			case p.In == "header" && !hasToken:
				t.Fatalf("a token that was not sent has a problem: %+v", p)
			}
		}
		// Only the token's length in characters may count: a token of as many
		// other characters gives the same document, so it is never written.
		o.Params.AuthToken = strings.Repeat("a", utf8.RuneCountInString(token))
		if other := AppendCheck(nil, body, o); !bytes.Equal(other, doc) {
			t.Fatalf("the document depends on the token %q, not only on its length:\n%s\n%s", token, doc, other)
		}
	})
}
