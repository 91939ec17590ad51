package conn

import (
	"fmt"
	"slices"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/runtime/ber"
)

// Application context names (ECMA-285 clause 8.2.1; ECMA-218 for Phase II).
var (
	// CSTA3Context is the CSTA Phase III application context
	// {iso(1) identified-organization(3) icd-ecma(12) standard(0)
	// csta3(285) application-context(200)}.
	CSTA3Context = []uint32{1, 3, 12, 0, 285, 200}
	// CSTA2Context is the CSTA Phase II application context
	// {iso(1) identified-organization(3) icd-ecma(12) standard(0) csta2(218)},
	// which Siemens HiPath advertises (corpus file 095).
	CSTA2Context = []uint32{1, 3, 12, 0, 218}
)

// DefaultVersions is the set of CSTA versions requested (client) or
// supported (server) when BEROptions.Versions is zero: versionFour, the one
// HiPath requests (corpus file 095), up to versionSix. Which bit matches
// which edition of ECMA-285 is not settled by the sources at hand, so
// configure the set a switch expects.
const DefaultVersions = csta.CSTAVersionVersionFour | csta.CSTAVersionVersionFive | csta.CSTAVersionVersionSix

// HighestVersion returns the highest version in v (the highest-numbered
// named bit, X.680 22.7), or 0 when v is empty.
func HighestVersion(v csta.CSTAVersion) csta.CSTAVersion {
	// Bit k of the BIT STRING is 1<<(63-k): the highest version is the
	// lowest set bit of the uint64.
	return v & -v
}

// encodeUserInformation builds the EXTERNAL of ACSE user-information (X.690
// 8.18, single-ASN1-type) carrying ACSEUserInformationForCSTA newDefinition
// with the versions v (ECMA-285 clause 8.2.2).
func encodeUserInformation(v csta.CSTAVersion) (csta.External, error) {
	ui := csta.ACSEUserInformationForCSTA{
		Choice:        csta.ACSEUserInformationForCSTAChoiceNewDefinition,
		NewDefinition: &csta.NewACSEUserInformationForCSTA{CSTAVersion: v},
	}
	b, err := ui.AppendBER(nil)
	if err != nil {
		return csta.External{}, err
	}
	return csta.External{Encoding: csta.ExternalEncoding{
		Choice:         csta.ExternalEncodingChoiceSingleASN1Type,
		SingleASN1Type: b,
	}}, nil
}

// UserInformationVersions returns the CSTA versions announced by the ACSE
// user-information of an AARQ or AARE: it looks for the first EXTERNAL
// whose single-ASN1-type (or octet-aligned) encoding decodes as
// ACSEUserInformationForCSTA, old or new definition. ok is false when there
// is none.
func UserInformationVersions(data csta.AssociationData) (v csta.CSTAVersion, ok bool) {
	var ui csta.ACSEUserInformationForCSTA
	for i := range data {
		var enc []byte
		switch e := &data[i].Encoding; e.Choice {
		case csta.ExternalEncodingChoiceSingleASN1Type:
			enc = e.SingleASN1Type
		case csta.ExternalEncodingChoiceOctetAligned:
			enc = e.OctetAligned
		default:
			continue
		}
		if ui.DecodeBERLimits(enc, acseLimits) != nil {
			continue
		}
		switch ui.Choice {
		case csta.ACSEUserInformationForCSTAChoiceNewDefinition:
			return ui.NewDefinition.CSTAVersion, true
		case csta.ACSEUserInformationForCSTAChoiceOldDefinition:
			return ui.OldDefinition.CSTAVersion, true
		}
	}
	return 0, false
}

// acseLimits bounds the decoding of ACSE APDUs, which are small.
var acseLimits = &ber.Limits{MaxDepth: 32, MaxElements: 4096, MaxLength: 64 << 10}

// newAARQ builds the AARQ of X.227 (ACSE-1) for a CSTA association.
func newAARQ(o *BEROptions) (*csta.ACSEAPDU, error) {
	ext, err := encodeUserInformation(o.Versions)
	if err != nil {
		return nil, err
	}
	q := &csta.AARQAPDU{}
	a := &csta.ACSEAPDU{Choice: csta.ACSEAPDUChoiceAarq, Aarq: q}
	q.ProtocolVersion = csta.AARQAPDUProtocolVersion(1 << 63) // {version1}, the DEFAULT
	q.ASOContextName = slices.Clone(o.ApplicationContext)
	q.UserInformation = csta.AssociationData{ext}
	q.HasUserInformation = true
	if o.AARQ != nil {
		o.AARQ(q)
	}
	return a, nil
}

// newAARE builds an AARE answering with result res, diagnostic diag and the
// versions v in the user information (none when v is 0).
func newAARE(ctxName []uint32, res csta.AssociateResult, diag csta.AssociateSourceDiagnostic, v csta.CSTAVersion) (*csta.ACSEAPDU, error) {
	r := &csta.AAREAPDU{}
	a := &csta.ACSEAPDU{Choice: csta.ACSEAPDUChoiceAare, Aare: r}
	r.ProtocolVersion = csta.AAREAPDUProtocolVersion(1 << 63)
	r.ASOContextName = slices.Clone(ctxName)
	r.Result = res
	r.ResultSourceDiagnostic = diag
	if v != 0 {
		ext, err := encodeUserInformation(v)
		if err != nil {
			return nil, err
		}
		r.UserInformation = csta.AssociationData{ext}
		r.HasUserInformation = true
	}
	return a, nil
}

// userDiag returns an acse-service-user diagnostic.
func userDiag(d csta.AssociateSourceDiagnosticACSEServiceUser) csta.AssociateSourceDiagnostic {
	return csta.AssociateSourceDiagnostic{Choice: csta.AssociateSourceDiagnosticChoiceACSEServiceUser, ACSEServiceUser: d}
}

// checkAARE interprets the AARE answering an AARQ that requested the
// versions req: it returns the negotiated version or the typed error.
func checkAARE(r *csta.AAREAPDU, req csta.CSTAVersion) (csta.CSTAVersion, error) {
	offered, hasVersions := UserInformationVersions(r.UserInformation)
	if !r.HasUserInformation {
		hasVersions = false
	}
	if r.Result != csta.AssociateResultAccepted {
		if hasVersions && offered&req == 0 {
			return 0, &VersionError{Requested: req, Offered: offered, Rejected: true}
		}
		return 0, &AssociationError{Result: r.Result, Diagnostic: r.ResultSourceDiagnostic}
	}
	if !hasVersions {
		// An AARE without CSTA user information accepts the request as
		// made: assume the highest requested version.
		return HighestVersion(req), nil
	}
	common := offered & req
	if common == 0 {
		return 0, &VersionError{Requested: req, Offered: offered}
	}
	return HighestVersion(common), nil
}

// describeACSE names an ACSE APDU for error messages.
func describeACSE(a *csta.ACSEAPDU) string {
	switch a.Choice {
	case csta.ACSEAPDUChoiceAarq:
		return "AARQ"
	case csta.ACSEAPDUChoiceAare:
		return "AARE"
	case csta.ACSEAPDUChoiceRlrq:
		return "RLRQ"
	case csta.ACSEAPDUChoiceRlre:
		return "RLRE"
	case csta.ACSEAPDUChoiceAbrt:
		return "ABRT"
	}
	return fmt.Sprintf("ACSE APDU %v", a.Choice)
}
