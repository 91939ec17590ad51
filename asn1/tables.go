package asn1

import (
	"fmt"
	"sort"
	"strings"
)

// buildTables resolves pending defaults, checks tags, and builds the
// operation, error and event tables.
func (r *resolver) buildTables() {
	for i := 0; i < len(r.pending); i++ { // resolving may append
		p := r.pending[i]
		p.comp.Default = r.value(p.val, p.comp.Type, p.sc)
	}
	for _, t := range r.tagChecks {
		r.checkTags(t)
	}
	r.operations()
	r.events()
}

// isClass reports whether c is the ROSE class named name (OPERATION, ERROR):
// a class of that name with the field the tables read.
func isClass(c *Class, name, field string) bool {
	return c != nil && c.Name == name && c.Field(field) != nil
}

func localCode(v *Value) (int64, bool) {
	if v == nil || v.Kind != ValueChoice || v.Name != "local" || v.Choice == nil || v.Choice.Kind != ValueInteger {
		return 0, false
	}
	return v.Choice.Int, true
}

// isROSEModule reports whether m is one of the Remote Operations modules
// themselves: its OID is under {joint-iso-itu-t(2) remote-operations(4)}.
func isROSEModule(m *Module) bool {
	return len(m.OID) >= 2 && m.OID[0] == 2 && m.OID[1] == 4
}

func (r *resolver) operations() {
	errs := map[*Object]*ErrorObj{}
	byCode := map[int64]*ErrorObj{}
	for _, m := range r.model.Modules {
		for _, o := range m.Objects {
			if !isClass(o.Class, "ERROR", "&errorCode") {
				continue
			}
			code, ok := localCode(o.Values["&errorCode"])
			if !ok {
				continue
			}
			e := &ErrorObj{Name: o.Name, Module: m, Code: code, Parameter: o.Types["&ParameterType"], Object: o}
			if isROSEModule(m) {
				errs[o] = e
				r.model.ROSEErrors = append(r.model.ROSEErrors, e)
				continue
			}
			if prev := byCode[code]; prev != nil {
				r.errorf(o.Pos, "error %s has code local:%d, already used by %s.%s", o.Name, code, prev.Module.Name, prev.Name)
				continue
			}
			byCode[code] = e
			errs[o] = e
			r.model.Errors = append(r.model.Errors, e)
		}
	}
	sort.Slice(r.model.Errors, func(i, j int) bool { return r.model.Errors[i].Code < r.model.Errors[j].Code })

	ops := map[int64]*Operation{}
	for _, m := range r.model.Modules {
		for _, o := range m.Objects {
			if !isClass(o.Class, "OPERATION", "&operationCode") {
				continue
			}
			code, ok := localCode(o.Values["&operationCode"])
			if !ok {
				continue
			}
			op := &Operation{Name: o.Name, Module: m, Pos: o.Pos, Code: code, Object: o,
				Argument: o.Types["&ArgumentType"], Result: o.Types["&ResultType"],
				Responds: boolField(o, "&alwaysReturns", true), ReturnsResult: boolField(o, "&returnResult", true)}
			if s := o.Sets["&Errors"]; s != nil {
				for _, eo := range s.Objects {
					if e := errs[eo]; e != nil {
						op.Errors = append(op.Errors, e)
					}
				}
			}
			if isROSEModule(m) {
				r.model.ROSEOperations = append(r.model.ROSEOperations, op)
				continue
			}
			if prev := ops[code]; prev != nil {
				r.errorf(o.Pos, "operation %s has code local:%d, already used by %s (%s:%d)", o.Name, code, prev.Name, prev.Pos.Filename, prev.Pos.Line)
				continue
			}
			ops[code] = op
			r.model.Operations = append(r.model.Operations, op)
		}
	}
	sort.Slice(r.model.Operations, func(i, j int) bool { return r.model.Operations[i].Code < r.model.Operations[j].Code })
}

func boolField(o *Object, field string, def bool) bool {
	if v := o.Values[field]; v != nil && v.Kind == ValueBoolean {
		return v.Bool
	}
	return def
}

// events lists the alternatives of the category CHOICEs under every type
// named EventSpecificInfo (ECMA-285 CSTA-event-report-definitions).
func (r *resolver) events() {
	for _, m := range r.model.Modules {
		td := m.LookupType("EventSpecificInfo")
		if td == nil {
			continue
		}
		u := td.Type.Underlying()
		if u == nil || u.Kind != KindChoice {
			r.errorf(td.Pos, "EventSpecificInfo is not a CHOICE")
			continue
		}
		var evs []*Event
		for _, cat := range u.Components {
			cu := cat.Type.Underlying()
			if cu == nil || cu.Kind != KindChoice || len(cat.Type.Tags) == 0 {
				r.errorf(cat.Pos, "event category %s is not a tagged CHOICE", cat.Name)
				continue
			}
			for _, ev := range cu.Components {
				if len(ev.Type.Tags) == 0 {
					continue
				}
				evs = append(evs, &Event{Category: strings.TrimSuffix(cat.Name, "Events"), CategoryTag: cat.Type.Tags[0],
					Name: ev.Name, Tag: ev.Type.Tags[0], Type: ev.Type})
			}
		}
		sort.SliceStable(evs, func(i, j int) bool {
			if evs[i].CategoryTag.Number != evs[j].CategoryTag.Number {
				return evs[i].CategoryTag.Number < evs[j].CategoryTag.Number
			}
			return evs[i].Tag.Number < evs[j].Tag.Number
		})
		r.model.Events = append(r.model.Events, evs...)
	}
}

// firstTags returns the set of tags a value of t can start with, or nil
// with any=true for an open type (which can start with any tag).
func firstTags(t *Type, depth int) (tags []Tag, any bool) {
	if len(t.Tags) > 0 {
		tg := t.Tags[0]
		tg.Explicit = false
		return []Tag{tg}, false
	}
	u := t.Underlying()
	if u == nil || depth > 32 {
		return nil, false
	}
	if u.Kind == KindChoice {
		for _, c := range u.Components {
			ts, a := firstTags(c.Type, depth+1)
			if a {
				return nil, true
			}
			tags = append(tags, ts...)
		}
		return tags, false
	}
	if u.Kind == KindOpen {
		return nil, true
	}
	return nil, false
}

// checkTags reports tags that make decoding ambiguous (X.680 24.5, 26.3,
// 28.3): alternatives of a CHOICE and components of a SET must have
// distinct tags; in a SEQUENCE, an OPTIONAL or DEFAULT component must differ
// from every component that may follow it up to the next mandatory one.
func (r *resolver) checkTags(t *Type) {
	type seen struct {
		name string
		pos  Pos
	}
	clash := func(c *Component, prev seen, tg Tag, where string) {
		msg := fmt.Sprintf("tag %s of %s %s is also the tag of %s (line %d): decoding would be ambiguous", tg, where, c.Name, prev.name, prev.pos.Line)
		r.errorf(c.Pos, "%s", msg)
	}
	switch t.Kind {
	case KindChoice, KindSet:
		used := map[Tag]seen{}
		where := "alternative"
		if t.Kind == KindSet {
			where = "component"
		}
		for _, c := range t.Components {
			tags, _ := firstTags(c.Type, 0)
			for _, tg := range tags {
				if prev, ok := used[tg]; ok {
					clash(c, prev, tg, where)
					continue
				}
				used[tg] = seen{c.Name, c.Pos}
			}
		}
	case KindSequence:
		var window map[Tag]seen
		for _, c := range t.Components {
			tags, _ := firstTags(c.Type, 0)
			for _, tg := range tags {
				if prev, ok := window[tg]; ok {
					clash(c, prev, tg, "component")
				}
			}
			if c.Optional || c.Default != nil {
				if window == nil {
					window = map[Tag]seen{}
				}
				for _, tg := range tags {
					if _, ok := window[tg]; !ok {
						window[tg] = seen{c.Name, c.Pos}
					}
				}
			} else {
				window = nil
			}
		}
	}
}
