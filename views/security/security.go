// Package security holds the screens that show and change who may do
// what on a cluster: ACL bindings (:acls), SCRAM users (:users) and client
// quotas (:quotas). The lists only read; every change is its own screen,
// opened through a route that ui's route table marks as a write, so a
// read-only context never opens one. Each change shows what it will do
// before it does it, and destructive ones ask for typed confirmation.
package security

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// changedMsg says a change went through: the root hands it to every
// screen, and the list that shows what changed reloads.
type changedMsg struct{ what string }

// changed returns the command that announces a change to what ("acls",
// "users", "quotas").
func changed(what string) tea.Cmd { return func() tea.Msg { return changedMsg{what: what} } }

// The lists a changedMsg names.
const (
	whatACLs   = "acls"
	whatUsers  = "users"
	whatQuotas = "quotas"
)

// explain puts a failed call in words: what kscope was doing, then why
// Kafka refused it when the code says more than its title, else the
// error as kafkaops describes it.
func explain(doing string, err error) string {
	switch kafkaops.ErrorCode(err) {
	case kafkaops.CodeSecurityDisabled:
		if !strings.Contains(doing, "ACL") && !strings.Contains(doing, "binding") {
			return "could not " + doing + ": security is not enabled on this cluster (" + fromTitle(err) + ")"
		}
		return "ACLs are not enabled on this cluster (it has no authorizer; kscope broker --acls enables them)"
	case kafkaops.CodeClusterAuthorizationFailed:
		return "this login may not " + doing + ": it needs that permission on the CLUSTER resource, or to be a super user"
	case kafkaops.CodeResourceNotFound:
		return "could not " + doing + ": no such user or credential (it may have just been deleted; r reloads)"
	case kafkaops.CodeUnacceptableCredential:
		// The broker's message says why; the title repeats "credential".
		_, why, _ := strings.Cut(fromTitle(err), "Unacceptable Credential: ")
		if why == "" {
			why = fromTitle(err)
		}
		return "Kafka refused the credential: " + why
	}
	return "could not " + doing + ": " + fromTitle(err)
}

// fromTitle describes err from its Kafka error title on ("[93]
// Unacceptable Credential: ..."), dropping the call's own context, which
// the screen says in its words; an error without a Kafka code is
// described whole.
func fromTitle(err error) string {
	s := kafkaops.Describe(err)
	if t := kafkaops.ErrorTitle(err); t != "" {
		if i := strings.Index(s, t); i > 0 {
			return s[i:]
		}
	}
	return s
}

// page draws a screen's body: a title line, then body scrolled so that
// body[lo:hi] shows, then the footer lines, in exactly w×h.
func page(st *theme.Styles, title string, body []string, lo, hi int, footer []string, w, h int, top *int) string {
	lines := []string{st.Title.Render(kit.Truncate(title, w))}
	rows := max(h-1-len(footer), 3)
	lines = append(lines, kit.ScrollLines(st, body, lo, hi, rows, w, top)...)
	for len(lines) < h-len(footer) {
		lines = append(lines, "")
	}
	lines = append(lines, footer...)
	return kit.PadLines(strings.Join(lines, "\n"), w, h)
}

// countLine says how many of what there are, e.g. "3 bindings".
func countLine(n int, what string) string { return kit.PluralCount(int64(n), what) }

// bindingLine is one ACL binding as a sentence, for previews and the
// list's footer: "ALLOW User:alice to READ TOPIC orders (LITERAL) from
// any host".
func bindingLine(a kafkaops.ACL) string {
	host := "from host " + kit.Sanitize(a.Host)
	if a.Host == "*" || a.Host == "" {
		host = "from any host"
	}
	name := kit.Sanitize(a.ResourceName)
	if a.PatternType == "PREFIXED" {
		name += "*"
	}
	if a.ResourceName == "*" {
		name = "(every one)"
	}
	return fmt.Sprintf("%s %s to %s %s %s %s", a.Permission, kit.Sanitize(a.Principal), a.Operation, a.ResourceType, name, host)
}
