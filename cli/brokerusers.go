package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"kscope/broker"
)

// brokerSASLEnv names the environment variable that gives broker users as
// user:pass entries separated by newlines or commas.
const brokerSASLEnv = "KSCOPE_BROKER_SASL"

// brokerUsers gathers the broker's SASL users from --sasl-users FILE, the
// KSCOPE_BROKER_SASL environment variable and --sasl flags, in that order.
// A --sasl flag puts the password on the command line, where every user
// of the machine can read it (ps, /proc): it still works, with a warning.
// Errors name where an entry came from, never the entry, which holds a
// password.
func brokerUsers(stderr io.Writer, flags []string, file string) ([]broker.SASLUser, error) {
	var users []broker.SASLUser
	if file != "" {
		u, err := usersFromFile(stderr, file)
		if err != nil {
			return nil, err
		}
		users = append(users, u...)
	}
	if env, ok := os.LookupEnv(brokerSASLEnv); ok {
		entries := strings.FieldsFunc(env, func(r rune) bool { return r == '\n' || r == ',' })
		u, err := parseUsers(entries, brokerSASLEnv+" entry")
		if err != nil {
			return nil, err
		}
		if len(u) == 0 {
			return nil, fmt.Errorf("%s is set but holds no user:pass entry", brokerSASLEnv)
		}
		users = append(users, u...)
	}
	if len(flags) > 0 {
		fmt.Fprintf(stderr, "warning: --sasl puts passwords on the command line, where any local user can read them (ps); use --sasl-users FILE or %s instead\n", brokerSASLEnv)
		u, err := parseUsers(flags, "--sasl value")
		if err != nil {
			return nil, err
		}
		users = append(users, u...)
	}
	return users, nil
}

// usersFromFile reads user:pass lines; blank lines and lines starting
// with # are skipped.
func usersFromFile(stderr io.Writer, path string) ([]broker.SASLUser, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--sasl-users %s: %v", path, pathErr(err))
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		fmt.Fprintf(stderr, "warning: --sasl-users %s is readable by other users (mode %04o); chmod 600 it\n", path, fi.Mode().Perm())
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			lines = append(lines, "") // keep line numbers
			continue
		}
		lines = append(lines, line)
	}
	users, err := parseUsers(lines, "--sasl-users "+path+" line")
	if err != nil {
		return nil, err
	}
	if len(users) == 0 {
		return nil, fmt.Errorf("--sasl-users %s holds no user:pass line", path)
	}
	return users, nil
}

// parseUsers turns user:pass entries into broker users, each accepted
// with SCRAM-SHA-256 and PLAIN; empty entries are skipped.
func parseUsers(entries []string, what string) ([]broker.SASLUser, error) {
	var users []broker.SASLUser
	for i, e := range entries {
		if e == "" {
			continue
		}
		user, pass, ok := strings.Cut(e, ":")
		if !ok || user == "" || pass == "" {
			return nil, fmt.Errorf("%s %d: want user:pass with both parts non-empty", what, i+1)
		}
		users = append(users,
			broker.SASLUser{Mechanism: broker.SASLScramSHA256, User: user, Pass: pass},
			broker.SASLUser{Mechanism: broker.SASLPlain, User: user, Pass: pass})
	}
	return users, nil
}

// pathErr drops the path from an *os.PathError, which the message already
// names.
func pathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
