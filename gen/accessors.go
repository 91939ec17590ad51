package gen

import (
	"fmt"

	"github.com/dave/jennifer/jen"
)

const valuePkg = "github.com/cstagen/cstagen/runtime/value"

// fieldDecl declares the exported field of a component (none for NULL) and
// its Has flag.
func fieldDecl(fd field) []jen.Code {
	var out []jen.Code
	if fd.value {
		t := fd.vt.goExpr()
		if fd.ptr {
			t = jen.Op("*").Add(t)
		}
		doc := componentDoc(fd.c)
		if fd.addition {
			doc = additionDoc(fd.c)
		}
		out = append(out, jen.Comment(doc), jen.Id(fd.name).Add(t))
	}
	if fd.has != "" {
		out = append(out, jen.Comment(fmt.Sprintf("%s reports whether %s is present.", fd.has, fd.c.Name)), jen.Id(fd.has).Bool())
	}
	return out
}

// keepDecls declares the unexported fields that keep the values of pointer
// fields for reuse.
func keepDecls(fields []field) []jen.Code {
	var out []jen.Code
	for _, fd := range fields {
		if fd.ptr {
			out = append(out, jen.Id(fd.keep).Op("*").Add(fd.vt.goExpr()).Comment("kept for reuse by the next decoding"))
		}
	}
	return out
}

// emitChoose writes the method that selects an alternative of a CHOICE,
// clearing the fields of the others so that no earlier value shows.
func (g *generator) emitChoose(f *jen.File, gt *goType, fields []field, extensible bool) {
	kind := gt.name + "Choice"
	var body []jen.Code
	for _, fd := range fields {
		if !fd.value {
			continue
		}
		if fd.ptr {
			body = append(body, jen.Id("v").Dot(fd.name).Op("=").Nil())
		} else {
			body = append(body, jen.Id("v").Dot(fd.name).Op("=").Add(clearedValue(fd.vt, jen.Id("v").Dot(fd.name))))
		}
	}
	for _, fd := range fields {
		if g.xmlo != nil && g.xmlo.raw[fd.c] {
			body = append(body, jen.Id("v").Dot(GoName(fd.c.Name)+"XML").Op("=").Nil(), jen.Id("v").Dot(GoName(fd.c.Name)+"BER").Op("=").Nil())
		}
	}
	if extensible {
		body = append(body, jen.Id("v").Dot("Unknown").Op("=").Id("v").Dot("Unknown").Index(jen.Empty(), jen.Lit(0)))
	}
	body = append(body, jen.Id("v").Dot("Choice").Op("=").Id("c"))
	f.Comment("choose selects alternative c and empties the fields of the others.")
	if len(body) > 9 {
		// Called wherever an alternative is decoded or set, choose is
		// kept out of line when it empties many fields.
		f.Comment("")
		f.Comment("//go:noinline")
	}
	f.Func().Params(jen.Id("v").Op("*").Id(gt.name)).Id("choose").Params(jen.Id("c").Id(kind)).Block(body...)
}

// emitAccessors writes, for a SEQUENCE, SET or CHOICE, the nil-safe getters
// of its components (GetX), the setters of a CHOICE's alternatives (SetX),
// Clone and String.
func (g *generator) emitAccessors(f *jen.File, gt *goType, fields []field, choice bool) {
	recv := jen.Id("v").Op("*").Id(gt.name)
	kind := gt.name + "Choice"
	fieldNames := map[string]bool{}
	for _, fd := range fields {
		fieldNames[fd.name] = true
	}
	if choice {
		f.Commentf("GetChoice returns the chosen alternative, or %sNone when v is nil.", kind)
		f.Func().Params(recv).Id("GetChoice").Params().Id(kind).Block(
			jen.If(jen.Id("v").Op("==").Nil()).Block(jen.Return(jen.Id(kind+"None"))),
			jen.Return(jen.Id("v").Dot("Choice")))
	}
	for _, fd := range fields {
		if fd.ptr {
			g.usesKept = true // decoders make it present with useKept
		}
		if !fd.value {
			if choice {
				f.Commentf("%s selects %s.", setterName(fd, fieldNames), fd.c.Name)
				f.Func().Params(recv).Id(setterName(fd, fieldNames)).Params().Block(jen.Id("v").Dot("choose").Call(jen.Id(kind + fd.name)))
			}
			continue
		}
		getter := "Get" + fd.name
		if fieldNames[getter] {
			getter += "_" // a component is called getX (protobuf-go's rule)
		}
		switch {
		case fd.ptr:
			cond := jen.Id("v").Op("!=").Nil()
			doc := "or nil when v is nil or it is absent"
			if choice {
				cond = jen.Add(cond).Op("&&").Id("v").Dot("Choice").Op("==").Id(kind + fd.name)
				doc = "or nil unless it is the chosen alternative"
			}
			f.Commentf("%s returns %s, %s.", getter, fd.c.Name, doc)
			f.Func().Params(recv).Id(getter).Params().Op("*").Add(fd.vt.goExpr()).Block(
				jen.If(cond).Block(jen.Return(jen.Id("v").Dot(fd.name))),
				jen.Return(jen.Nil()))
		case structKind(fd.vt) && !choice:
			f.Commentf("%s returns %s, or nil when v is nil.", getter, fd.c.Name)
			f.Func().Params(recv).Id(getter).Params().Op("*").Add(fd.vt.goExpr()).Block(
				jen.If(jen.Id("v").Op("==").Nil()).Block(jen.Return(jen.Nil())),
				jen.Return(jen.Op("&").Id("v").Dot(fd.name)))
		default:
			cond := jen.Id("v").Op("!=").Nil()
			doc := "or its zero value when v is nil"
			switch {
			case choice:
				cond = jen.Add(cond).Op("&&").Id("v").Dot("Choice").Op("==").Id(kind + fd.name)
				doc = "or its zero value unless it is the chosen alternative"
			case fd.has != "":
				cond = jen.Add(cond).Op("&&").Id("v").Dot(fd.has)
				doc = "or its zero value when v is nil or it is absent"
			}
			f.Commentf("%s returns %s, %s.", getter, fd.c.Name, doc)
			f.Func().Params(recv).Id(getter).Params().Params(jen.Id("x").Add(fd.vt.goExpr())).Block(
				jen.If(cond).Block(jen.Id("x").Op("=").Id("v").Dot(fd.name)),
				jen.Return(jen.Id("x")))
		}
		if choice {
			t := fd.vt.goExpr()
			if fd.ptr {
				t = jen.Op("*").Add(t)
			}
			f.Commentf("%s selects %s with the value x.", setterName(fd, fieldNames), fd.c.Name)
			f.Func().Params(recv).Id(setterName(fd, fieldNames)).Params(jen.Id("x").Add(t)).Block(
				jen.Id("v").Dot("choose").Call(jen.Id(kind+fd.name)),
				jen.Id("v").Dot(fd.name).Op("=").Id("x"))
		}
	}
	f.Comment("Clone returns a deep copy of v that shares no memory with v or with the")
	f.Comment("input v was decoded from; it is safe to keep or to send to another goroutine.")
	f.Func().Params(recv).Id("Clone").Params().Op("*").Id(gt.name).Block(jen.Return(jen.Qual(valuePkg, "CloneAny").Call(jen.Id("v")).Assert(jen.Op("*").Id(gt.name))))
	f.Comment("String returns a readable one-line form of v (present components only).")
	f.Func().Params(recv).Id("String").Params().String().Block(jen.Return(jen.Qual(valuePkg, "Format").Call(jen.Id("v"))))
}
