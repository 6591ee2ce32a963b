package core

import (
	"maps"
	"slices"
	"strings"
	"sync"
)

// JSONSchema returns a JSON Schema (draft 2020-12) of the request body,
// generated from the same table the checker walks. It describes strict mode:
// exact JSON types, no unknown members. Members that do not apply (a size for
// an enterprise instance, a period for postPaid, additional_params for
// standard) are allowed with any value, as the checker only warns of them.
//
// What a schema cannot say is listed in [SchemaLimits]; the checker enforces
// those rules besides.
func JSONSchema() []byte {
	schemaOnce.Do(func() { schemaDoc = buildJSONSchema() })
	return schemaDoc
}

// The schema is built on first use inside JSONSchema, not by a package-level
// initializer, so a program that never asks for it (the WebAssembly module,
// the gateway plugins) does not link it, nor the encoding/json it uses.
var (
	schemaOnce sync.Once
	schemaDoc  []byte
)

// SchemaLimits names the rules of RULES.md that the JSON Schema does not
// express, with the reason.
var SchemaLimits = []string{
	"the price catalog: a known flavor, of the request's instance type, offering its charge mode, with at most its max_units (codes unknown_flavor, flavor_mismatch, charge_mode, range on /flavor/size): the catalog is data chosen at run time",
	"tag keys unique across the tags (code duplicate_tag): uniqueItems compares whole items, not one member",
	"member names unique in each object (code duplicate_key): a schema sees the document after a JSON parser kept one of them",
	"integers written without a fraction or exponent (code type for 2.0 and 2e0): JSON Schema counts 2.0 as an integer",
	"reading limits and encoding (codes syntax, encoding, too_large, too_deep): they concern the bytes, not the document",
	"cross-field warnings (code port_conflict) and the lenient mode's coercion of strings (code coerced): the schema describes strict mode's errors only",
}

func buildJSONSchema() []byte {
	root := objectSchema(fRoot)
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	root["$id"] = "https://github.com/iotda-preflight/preflight/schema/create-iotda-instance.json"
	root["title"] = "Body of POST /v5/iot/{project_id}/iotda-instances (Create an IoTDA Instance)"
	var all []any
	for id := fRoot + 1; id < fResizeRoot; id++ { // create's fields (the other requests' schemas are not written yet)
		f := &fields[id]
		if f.parent == fTag || id == fTag {
			continue
		}
		parents := parentNames(id)
		if f.required != always && f.required != never {
			// Conditionally required: present and not null.
			all = append(all, map[string]any{
				"if": condition(f.required),
				"then": nest(parents, map[string]any{
					"required":   []string{f.name},
					"properties": map[string]any{f.name: map[string]any{"not": map[string]any{"type": "null"}}},
				}),
			})
		}
		if f.inapt != never {
			branch := []any{nest(parents, map[string]any{"properties": map[string]any{f.name: fieldSchema(id)}})}
			if id == fPeriodNum {
				branch = append(branch, yearlyPeriods())
			}
			all = append(all, map[string]any{"if": condition(f.inapt), "else": map[string]any{"allOf": branch}})
		}
	}
	root["allOf"] = all
	return append(appendIndented(nil, root, "\n"), '\n')
}

// appendIndented writes a schema value as indented JSON, object members in
// sorted order (the form a reviewer diffs), with the document's own writer:
// no reflection is linked for it.
func appendIndented(dst []byte, v any, indent string) []byte {
	inner := indent + "  "
	switch v := v.(type) {
	case map[string]any:
		keys := slices.Sorted(maps.Keys(v))
		dst = append(dst, '{')
		for i, k := range keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, inner...)
			dst = appendString(dst, k)
			dst = append(dst, ": "...)
			dst = appendIndented(dst, v[k], inner)
		}
		return append(append(dst, indent...), '}')
	case []any:
		if len(v) == 0 {
			return append(dst, "[]"...)
		}
		dst = append(dst, '[')
		for i, e := range v {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, inner...)
			dst = appendIndented(dst, e, inner)
		}
		return append(append(dst, indent...), ']')
	case []string:
		return appendIndented(dst, toAny(v), indent)
	case string:
		return appendString(dst, v)
	case RawJSON:
		return append(dst, v...)
	case bool:
		return appendBool(dst, v)
	case int:
		return appendInt(dst, int64(v))
	case int64:
		return appendInt(dst, v)
	case nil:
		return append(dst, "null"...)
	}
	panic("core: the JSON Schema holds a value of an unexpected type")
}

// fieldSchema is the schema of one member, whatever its context.
func fieldSchema(id fieldID) map[string]any {
	f := &fields[id]
	var s map[string]any
	switch f.typ {
	case typeObject:
		s = objectSchema(id)
	case typeArray:
		s = map[string]any{"type": "array", "maxItems": f.maxLen, "items": objectSchema(fTag)}
	case typeBoolean:
		s = map[string]any{"type": "boolean"}
	case typeInteger:
		s = map[string]any{"type": "integer", "minimum": f.min, "maximum": f.max}
	case typeString:
		s = map[string]any{"type": "string"}
		if f.enum != nil {
			s["enum"] = f.enum
		}
		if f.minLen > 0 {
			s["minLength"] = f.minLen
		}
		if f.maxLen > 0 {
			s["maxLength"] = f.maxLen
		}
		switch {
		case f.special == smnTopicURN:
			part := "[" + f.chars.pattern + "]+"
			part = strings.Replace(part, ":", "", 1)
			s["pattern"] = "^urn:smn:" + part + ":" + part + ":" + part + "$"
		case f.chars != nil:
			s["pattern"] = "^[" + f.chars.pattern + "]*$"
		}
		if f.special == tagKey {
			space := `[\t\n\v\f\r\x85\p{Z}]`
			s["not"] = map[string]any{"anyOf": []any{
				map[string]any{"pattern": "^" + space + "|" + space + "$"},
				map[string]any{"pattern": "^_sys_"},
			}}
		}
	}
	if fieldDocs[id] != "" {
		s["description"] = fieldDocs[id]
	}
	if f.def != "" {
		s["default"] = RawJSON(f.def)
	}
	if f.required != always || f.nullable {
		// null is absence for an optional member (and a value for a tag's).
		s["type"] = []string{s["type"].(string), "null"}
		if f.enum != nil {
			s["enum"] = append(append([]any{}, toAny(f.enum)...), nil)
		}
	}
	return s
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, v := range ss {
		out[i] = v
	}
	return out
}

// objectSchema lists an object's members; those that do not apply in some
// context are allowed here with any value and constrained in the root's
// conditionals.
func objectSchema(id fieldID) map[string]any {
	props := map[string]any{}
	var required []string
	for _, c := range children[id] {
		f := &fields[c]
		if f.inapt != never {
			props[f.name] = true
		} else {
			props[f.name] = fieldSchema(c)
		}
		if f.required == always {
			required = append(required, f.name)
		}
	}
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if required != nil {
		s["required"] = required
	}
	if fieldDocs[id] != "" {
		s["description"] = fieldDocs[id]
	}
	return s
}

// condition is a schema that holds when w does.
func condition(w when) map[string]any {
	// Each level must be there and be an object: a condition must not
	// hold vacuously.
	is := func(path []string, value string) map[string]any {
		var s map[string]any = map[string]any{"const": value}
		for i := len(path) - 1; i >= 0; i-- {
			s = map[string]any{"type": "object", "required": []string{path[i]}, "properties": map[string]any{path[i]: s}}
		}
		return s
	}
	switch w {
	case ifStandard:
		return is([]string{"instance_type"}, "standard")
	case ifEnterprise:
		return is([]string{"instance_type"}, "enterprise")
	case ifPrePaid:
		return is([]string{"charge_info", "charge_mode"}, "prePaid")
	}
	return is([]string{"charge_info", "charge_mode"}, "postPaid")
}

// yearlyPeriods caps period_num when period_type is year, as the check does
// (periodBounds).
func yearlyPeriods() map[string]any {
	_, yearHi := periodBounds("year")
	year := map[string]any{"type": "object", "required": []string{"charge_info"}, "properties": map[string]any{
		"charge_info": map[string]any{"type": "object", "required": []string{"period_type"},
			"properties": map[string]any{"period_type": map[string]any{"const": "year"}}}}}
	return map[string]any{"if": year, "then": nest([]string{"charge_info"},
		map[string]any{"properties": map[string]any{"period_num": map[string]any{"maximum": yearHi}}})}
}

// nest puts s at the object reached through the member names in path; a
// path through a member that is missing or not an object does not constrain.
func nest(path []string, s map[string]any) map[string]any {
	for i := len(path) - 1; i >= 0; i-- {
		s = map[string]any{"properties": map[string]any{path[i]: s}}
	}
	return s
}

// parentNames are the member names from the root to field id's parent.
func parentNames(id fieldID) []string {
	var names []string
	for p := fields[id].parent; p != fRoot; p = fields[p].parent {
		names = append([]string{fields[p].name}, names...)
	}
	return names
}
