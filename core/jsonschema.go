package core

import (
	"maps"
	"slices"
	"strings"
	"sync"
)

// JSONSchema returns the JSON Schema of create's body: JSONSchemaFor(APICreate).
func JSONSchema() []byte { return JSONSchemaFor(APICreate) }

// JSONSchemaFor returns a JSON Schema (draft 2020-12) of the body of api
// (create's for a value that is none of the three, as a check reads it),
// generated from the same table the checker walks. It describes strict mode:
// exact JSON types, no unknown members. Members that do not apply (a size for
// an enterprise instance, a period for postPaid, additional_params for
// standard) are allowed with any value, as the checker only warns of them.
// Where what decides it is not in the body (the catalog's flavors, the
// current instance), a member is described as it is when it applies, and
// not required.
//
// What a schema cannot say is listed in [SchemaLimitsFor]; the checker
// enforces those rules besides.
func JSONSchemaFor(api API) []byte {
	schemaOnce.Do(func() {
		for i, a := range APIs {
			schemaDocs[i] = buildJSONSchema(a)
		}
	})
	return schemaDocs[max(slices.Index(APIs, api), 0)]
}

// The schemas are built on first use inside JSONSchemaFor, not by a
// package-level initializer, so a program that never asks for one (the
// WebAssembly module, the gateway plugins) does not link the builder, nor
// the field docs it writes.
var (
	schemaOnce sync.Once
	schemaDocs [3][]byte // in the order of APIs
)

// What a schema cannot say, each rule with the reason; SchemaLimitsFor lists
// those of a request.
const (
	limitCatalog = "the price catalog: a known flavor, of the request's instance type, offering its charge mode, with at most its max_units (codes unknown_flavor, flavor_mismatch, charge_mode, range on /flavor/size): the catalog is data chosen at run time"
	limitTags    = "tag keys unique across the tags (code duplicate_tag): uniqueItems compares whole items, not one member"
	limitKeys    = "member names unique in each object (code duplicate_key): a schema sees the document after a JSON parser kept one of them"
	limitInts    = "integers written without a fraction or exponent (code type for 2.0 and 2e0): JSON Schema counts 2.0 as an integer"
	limitBytes   = "reading limits and encoding (codes syntax, encoding, too_large, too_deep): they concern the bytes, not the document"
	limitLenient = "cross-field warnings (code port_conflict) and the lenient mode's coercion of strings (code coerced): the schema describes strict mode's errors only"
	limitCoerced = "the lenient mode's coercion of strings (code coerced): the schema describes strict mode's errors only"

	limitResizeCatalog = "the price catalog: a known flavor (code unknown_flavor) with at most its max_units (code range on /flavor/size): the catalog is data chosen at run time"
	limitResizeSize    = "/flavor/size is required for a standard flavor and does not apply to an enterprise one (code required, or the warning not_applicable and any value): the catalog says which a flavor is, so the schema describes size as it is when it applies, and does not require it"
	limitResizeCurrent = "the current instance (Options.Current), which the body does not hold: the new flavor of its instance type (code flavor_mismatch), a change from its flavor and units (code no_change), a change time before its expire_time (code range in current), and is_auto_pay, which does not apply to a pay-per-use instance (the warning not_applicable and any value): the schema describes is_auto_pay as it is when it applies, as the check does without a current instance"
	limitChangeCurrent = "the current instance (Options.Current) and the catalog, which the body does not hold: a pay-per-use instance (code charge_mode in current), whose flavor is sold yearly/monthly (code charge_mode on /period_type), and a change time before its expire_time (code range in current)"
)

// SchemaLimits names the rules of RULES.md that create's JSON Schema does
// not express, with the reason: SchemaLimitsFor(APICreate).
var SchemaLimits = []string{limitCatalog, limitTags, limitKeys, limitInts, limitBytes, limitLenient}

// SchemaLimitsFor names the rules of RULES.md that the JSON Schema of api's
// body (JSONSchemaFor) does not express, with the reason, in a new slice.
func SchemaLimitsFor(api API) []string {
	// Built here, not kept in package variables: static data the module
	// does not link still moves the data it does link about, and the
	// module grew by it.
	switch api {
	case APIResize:
		return append([]string(nil), limitResizeCatalog, limitResizeSize, limitResizeCurrent, limitKeys, limitInts, limitBytes, limitCoerced)
	case APIChangeChargeMode:
		return append([]string(nil), limitChangeCurrent, limitKeys, limitInts, limitBytes, limitCoerced)
	}
	return append([]string(nil), SchemaLimits...)
}

// schemaName returns where a request's schema says it is published, and
// its title.
func schemaName(api API) (id, title string) {
	const base = "https://github.com/iotda-preflight/preflight/schema/"
	switch api {
	case APIResize:
		return base + "resize-iotda-instance.json",
			"Body of POST /v5/iot/{project_id}/iotda-instances/{instance_id}/resize (Resize an IoTDA Instance)"
	case APIChangeChargeMode:
		return base + "change-iotda-instance-charge-mode.json",
			"Body of POST /v5/iot/{project_id}/iotda-instances/{instance_id}/change-charge-mode (Change the Charge Mode of an IoTDA Instance)"
	}
	return base + "create-iotda-instance.json", "Body of POST /v5/iot/{project_id}/iotda-instances (Create an IoTDA Instance)"
}

// periodPairs are the period_type and period_num members the cross rules
// check together (checkPeriodOf): a year allows fewer periods than a month.
var periodPairs = [...][2]fieldID{{fPeriodType, fPeriodNum}, {fChangePeriodType, fChangePeriodNum}}

func buildJSONSchema(api API) []byte {
	d := describe(api)
	root := objectSchema(d.root)
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	root["$id"], root["title"] = schemaName(api)
	all := []any{}
	for id := d.root + 1; id < d.end; id++ {
		f := &fields[id]
		if f.parent == fTag || id == fTag {
			continue
		}
		parents := parentNames(id)
		if cond, ok := condition(f.required); ok {
			// Conditionally required: present and not null.
			all = append(all, map[string]any{
				"if": cond,
				"then": nest(parents, map[string]any{
					"required":   []string{f.name},
					"properties": map[string]any{f.name: map[string]any{"not": map[string]any{"type": "null"}}},
				}),
			})
		}
		yearly := yearlyPeriods(id)
		if cond, ok := condition(f.inapt); ok {
			branch := []any{nest(parents, map[string]any{"properties": map[string]any{f.name: fieldSchema(id)}})}
			if yearly != nil {
				branch = append(branch, yearly)
			}
			all = append(all, map[string]any{"if": cond, "else": map[string]any{"allOf": branch}})
		} else if yearly != nil {
			all = append(all, yearly)
		}
	}
	if len(all) > 0 {
		root["allOf"] = all
	}
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
// context the body shows are allowed here with any value and constrained in
// the root's conditionals.
func objectSchema(id fieldID) map[string]any {
	props := map[string]any{}
	var required []string
	for _, c := range children[id] {
		f := &fields[c]
		if _, ok := condition(f.inapt); ok {
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

// condition is a schema that holds when w does, for a condition on the
// body; ok is false for never and always, and for a condition on what the
// body does not hold: the catalog's flavors, the current instance.
func condition(w when) (s map[string]any, ok bool) {
	switch w {
	case ifStandard:
		return memberIs(fInstanceType, "standard"), true
	case ifEnterprise:
		return memberIs(fInstanceType, "enterprise"), true
	case ifPrePaid:
		return memberIs(fChargeMode, "prePaid"), true
	case ifPostPaid:
		return memberIs(fChargeMode, "postPaid"), true
	}
	return nil, false
}

// memberIs is a schema that holds when field id is there with value.
// Each level must be there and be an object: a condition must not hold
// vacuously.
func memberIs(id fieldID, value string) map[string]any {
	path := append(parentNames(id), fields[id].name)
	s := map[string]any{"const": value}
	for i := len(path) - 1; i >= 0; i-- {
		s = map[string]any{"type": "object", "required": []string{path[i]}, "properties": map[string]any{path[i]: s}}
	}
	return s
}

// yearlyPeriods caps a period_num when its period_type is year, as the
// check does (periodBounds); nil for any other field.
func yearlyPeriods(num fieldID) map[string]any {
	for _, pair := range periodPairs {
		if pair[1] == num {
			_, yearHi := periodBounds("year")
			return map[string]any{"if": memberIs(pair[0], "year"), "then": nest(parentNames(num),
				map[string]any{"properties": map[string]any{fields[num].name: map[string]any{"maximum": yearHi}}})}
		}
	}
	return nil
}

// nest puts s at the object reached through the member names in path; a
// path through a member that is missing or not an object does not constrain.
func nest(path []string, s map[string]any) map[string]any {
	for i := len(path) - 1; i >= 0; i-- {
		s = map[string]any{"properties": map[string]any{path[i]: s}}
	}
	return s
}

// parentNames are the member names from its request's root to field id's
// parent.
func parentNames(id fieldID) []string {
	var names []string
	for p := fields[id].parent; fields[p].parent != noField; p = fields[p].parent {
		names = append([]string{fields[p].name}, names...)
	}
	return names
}
