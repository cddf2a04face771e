package security

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// maxScramIterations is the largest iteration count Kafka accepts.
const maxScramIterations = 16384

// The fields of the SCRAM user form, in order.
const (
	userName = iota
	userMechanism
	userIterations
	userPassword
	userAgain
)

// usersMsg is the answer to DescribeScramUsers.
type usersMsg struct {
	reqID uint64
	users []kafkaops.ScramUser
	err   error
}

// ScramUser creates a SCRAM user, or changes the password of one of its
// credentials: user name, mechanism (SCRAM-SHA-256 or -512), iterations
// (default 4096, 4096 to 16384) and the password, masked and typed
// twice. The password is salted and hashed by kscope; only the hash is
// sent (AlterUserScramCredentials).
type ScramUser struct {
	sendForm
	change   bool // changing an existing credential's password
	existing []kafkaops.ScramUser
}

var _ kit.Screen = (*ScramUser)(nil)

// NewScramUser returns the form; a user name changes that user's
// mechanism's password, "" creates a user.
func NewScramUser(svc kafkaops.Service, st *theme.Styles, user, mechanism string) kit.Screen {
	s := &ScramUser{change: user != ""}
	s.formBase = newFormBase(svc, st, "save", fieldSet{keys: newFieldKeys(), fields: []field{
		{label: "User", placeholder: "alice"},
		{label: "Mechanism", choices: []string{kafkaops.ScramSHA256, kafkaops.ScramSHA512}},
		{label: "Iterations"},
		{label: "Password", mask: true},
		{label: "Again", mask: true, placeholder: "the password once more"},
	}})
	s.form.fields[userIterations].in.SetValue(strconv.Itoa(kafkaops.DefaultScramIterations))
	if s.change {
		s.form.fields[userName].in.SetValue(user)
		s.form.fields[userName].locked = true
		s.form.fields[userMechanism].choose(mechanism)
		s.form.fields[userMechanism].locked = true
		s.form.focus = userPassword
	}
	s.SetSize(80, 24)
	return s
}

// Init loads the users, to say whether a credential exists already.
func (s *ScramUser) Init() tea.Cmd {
	svc := s.svc
	_, cmd := kit.Ask(&s.Asker, func(ctx context.Context) ([]kafkaops.ScramUser, error) { return svc.DescribeScramUsers(ctx) },
		func(id uint64, users []kafkaops.ScramUser, err error) tea.Msg {
			return usersMsg{reqID: id, users: users, err: err}
		})
	return cmd
}

// Update handles keys, pastes and the answers.
func (s *ScramUser) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case usersMsg:
		s.existing = msg.users // on an error the form works without
		s.keepIterations()
		return s, nil
	}
	return s, s.update(msg, s.submit, s.saved)
}

// upsert is what the form asks for.
func (s *ScramUser) upsert() kafkaops.ScramUpsert {
	it, _ := strconv.Atoi(s.form.fields[userIterations].value())
	return kafkaops.ScramUpsert{
		Name: s.form.fields[userName].value(), Mechanism: s.form.fields[userMechanism].value(),
		Password: s.form.fields[userPassword].value(), Iterations: it,
	}
}

// has reports whether the user has a credential for the mechanism now.
func (s *ScramUser) has(name, mechanism string) bool {
	for _, u := range s.existing {
		if u.Name == name {
			return slices.ContainsFunc(u.Credentials, func(c kafkaops.ScramCredential) bool { return c.Mechanism == mechanism })
		}
	}
	return false
}

// check validates the form field by field.
func (s *ScramUser) check() ([]kit.Note, bool) {
	notes := make([]kit.Note, len(s.form.fields))
	u := s.upsert()
	ok := true
	bad := func(i int, text string) { notes[i], ok = kit.ErrNote(text), false }
	switch {
	case u.Name == "":
		bad(userName, "the user's name")
	case strings.IndexFunc(u.Name, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		bad(userName, "a user name has no spaces")
	case !s.change && s.has(u.Name, u.Mechanism):
		notes[userName] = kit.WarnNote("exists: this changes its " + u.Mechanism + " password")
	}
	if s.change {
		notes[userMechanism] = kit.HintNote("the one whose password changes")
	}
	if raw := s.form.fields[userIterations].value(); raw == "" {
		notes[userIterations] = kit.HintNote(fmt.Sprintf("empty: %d", kafkaops.DefaultScramIterations))
	} else if n, err := strconv.Atoi(raw); err != nil || n < kafkaops.MinScramIterations || n > maxScramIterations {
		bad(userIterations, fmt.Sprintf("a whole number from %d to %d", kafkaops.MinScramIterations, maxScramIterations))
	}
	switch n := len([]rune(u.Password)); {
	case n == 0:
		bad(userPassword, "the new password")
	case n < 8:
		notes[userPassword] = kit.WarnNote("short: " + strconv.Itoa(n) + " characters")
	}
	switch again := s.form.fields[userAgain].value(); {
	case again == "" && u.Password != "":
		bad(userAgain, "type the password again")
	case again != u.Password:
		bad(userAgain, "does not match the password")
	case u.Password != "":
		notes[userAgain] = kit.OkNote("matches")
	}
	return notes, ok
}

// submit sends the credential when the form is valid.
func (s *ScramUser) submit() tea.Cmd {
	_, ok := s.check()
	u, svc := s.upsert(), s.svc
	return s.start(ok, func(ctx context.Context) error { return svc.UpsertScramUser(ctx, u) })
}

// saved closes the form and refreshes the list, or says why not.
func (s *ScramUser) saved(err error) tea.Cmd {
	u := s.upsert()
	done := "created user " + kit.Sanitize(u.Name) + " (" + u.Mechanism + ")"
	if s.change || s.has(u.Name, u.Mechanism) {
		done = "changed the " + u.Mechanism + " password of " + kit.Sanitize(u.Name)
	}
	return s.finish(err, "set the password of "+kit.Sanitize(u.Name), whatUsers, done)
}

// preview says what saving will do.
func (s *ScramUser) preview() string {
	u := s.upsert()
	if u.Iterations == 0 {
		u.Iterations = kafkaops.DefaultScramIterations
	}
	if s.change || s.has(u.Name, u.Mechanism) {
		return fmt.Sprintf("Changes the %s password of %s (%d iterations); sessions already logged in stay until they reconnect.",
			u.Mechanism, kit.Sanitize(u.Name), u.Iterations)
	}
	return fmt.Sprintf("Creates a %s credential for %s (%d iterations).", u.Mechanism, kit.Sanitize(u.Name), u.Iterations)
}

// Title names the screen.
func (s *ScramUser) Title() string {
	if s.change {
		return "Password of " + kit.Sanitize(s.form.fields[userName].value())
	}
	return "New SCRAM user"
}

// View draws the form, what saving does and what happens next.
func (s *ScramUser) View() string {
	st := s.st
	w := max(s.width, 20)
	notes, ok := s.check()
	fl := s.form.lines(st, w, notes, !s.busy)
	fl.Add("")
	if ok {
		fl.Add(kit.Wrapped(st.Accent, s.preview(), w)...)
	}
	title := "New SCRAM user"
	if s.change {
		title = "Change a SCRAM password"
	}
	return s.page(title, fl, s.footer("saving…", "enter saves · esc cancels; only a salted hash is sent"))
}

// keepIterations starts a password change at the credential's own
// iteration count, unless it was already edited.
func (s *ScramUser) keepIterations() {
	in := &s.form.fields[userIterations].in
	if !s.change || in.Value() != strconv.Itoa(kafkaops.DefaultScramIterations) {
		return
	}
	name, mech := s.form.fields[userName].value(), s.form.fields[userMechanism].value()
	for _, u := range s.existing {
		for _, c := range u.Credentials {
			if u.Name == name && c.Mechanism == mech {
				in.SetValue(strconv.Itoa(c.Iterations))
			}
		}
	}
}
