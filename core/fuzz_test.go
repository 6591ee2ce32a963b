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
			if len(r.dups)+r.moreDups != want {
				t.Fatalf("%d duplicates found, %d in fact: %q", len(r.dups)+r.moreDups, want, body)
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
			doc := AppendCheck(nil, body, opts)
			var got struct {
				Valid   bool              `json:"valid"`
				Errors  []json.RawMessage `json:"errors"`
				Request json.RawMessage   `json:"request"`
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
			res := Check(body, opts)
			if m, _ := res.MarshalJSON(); !bytes.Equal(m, doc) {
				t.Fatalf("Check and AppendCheck differ:\n%s\n%s", m, doc)
			}
		}
	})
}

// checkRequest checks the normalized request of doc against a reference
// made another way: the body decoded by encoding/json, with each string the
// warnings call coerced turned into its JSON type and each default the
// document lists set. It must be that, as compact JSON.
func checkRequest(t *testing.T, body, doc, request []byte) {
	t.Helper()
	var res struct {
		Warnings []struct{ Path, Code string }
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
		if w.Code != string(CodeCoerced) {
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
