package kafkaops

import (
	"context"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"errors"
	"fmt"
	"hash"
	"slices"
	"strings"

	"github.com/segmentio/kafka-go/protocol/alteruserscramcredentials"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// SCRAM mechanisms a user's credential can have.
const (
	// ScramSHA256 is SCRAM-SHA-256.
	ScramSHA256 = "SCRAM-SHA-256"
	// ScramSHA512 is SCRAM-SHA-512.
	ScramSHA512 = "SCRAM-SHA-512"
)

// DefaultScramIterations is the iteration count of a new credential when
// none is given: Kafka's own default (kafka-configs.sh) and its minimum.
const DefaultScramIterations = 4096

// MinScramIterations is the smallest iteration count Kafka accepts.
const MinScramIterations = 4096

// ScramUser is a user with SCRAM credentials.
type ScramUser struct {
	// Name is the user name.
	Name string
	// Credentials are the user's mechanisms, by name.
	Credentials []ScramCredential
}

// ScramCredential is one mechanism of a user; the password never leaves
// the broker.
type ScramCredential struct {
	// Mechanism is ScramSHA256 or ScramSHA512.
	Mechanism string
	// Iterations is the credential's iteration count.
	Iterations int
}

// ScramUpsert creates a user's credential for one mechanism, or changes
// its password.
type ScramUpsert struct {
	// Name is the user name.
	Name string
	// Mechanism is ScramSHA256 or ScramSHA512.
	Mechanism string
	// Password is the new password; it is salted and hashed here, and
	// only the salted hash is sent.
	Password string
	// Iterations is the iteration count, 0 for DefaultScramIterations.
	Iterations int
}

func scramCode(mechanism string) (int8, hash.Hash, func() hash.Hash, error) {
	switch strings.ToUpper(strings.TrimSpace(mechanism)) {
	case ScramSHA256:
		return 1, sha256.New(), sha256.New, nil
	case ScramSHA512:
		return 2, sha512.New(), sha512.New, nil
	}
	return 0, nil, nil, fmt.Errorf("%w: SCRAM mechanism %q: want %s or %s", ErrInvalid, mechanism, ScramSHA256, ScramSHA512)
}

func scramName(code int8) string {
	switch code {
	case 1:
		return ScramSHA256
	case 2:
		return ScramSHA512
	}
	return fmt.Sprintf("unknown mechanism %d", code)
}

// DescribeScramUsers lists the SCRAM users (all of them when names is
// empty) and their mechanisms, with one DescribeUserScramCredentials
// request. A named user without credentials is an error
// (RESOURCE_NOT_FOUND).
func (c *Client) DescribeScramUsers(ctx context.Context, names ...string) ([]ScramUser, error) {
	out, err := c.describeScramUsers(ctx, names)
	if err != nil {
		return nil, fmt.Errorf("describe SCRAM users: %w", err)
	}
	return out, nil
}

func (c *Client) describeScramUsers(ctx context.Context, names []string) ([]ScramUser, error) {
	// A null user list asks for every user. kafka-go's request cannot
	// say null (it sends an empty list, which lists no one), so this one
	// goes as kmsg.
	req := kmsg.NewPtrDescribeUserSCRAMCredentialsRequest()
	for _, n := range names {
		req.Users = append(req.Users, kmsg.DescribeUserSCRAMCredentialsRequestUser{Name: n})
	}
	md, err := c.metadata(ctx, []string{})
	if err != nil {
		return nil, err
	}
	res, err := c.roundTripKmsg(ctx, md.ControllerID, req)
	if err != nil {
		return nil, err
	}
	r := res.(*kmsg.DescribeUserSCRAMCredentialsResponse)
	if err := kafkaError(r.ErrorCode, derefString(r.ErrorMessage)); err != nil {
		return nil, err
	}
	var out []ScramUser
	var errs []error
	for _, u := range r.Results {
		if err := kafkaError(u.ErrorCode, derefString(u.ErrorMessage)); err != nil {
			errs = append(errs, fmt.Errorf("user %q: %w", u.User, err))
			continue
		}
		su := ScramUser{Name: u.User}
		for _, ci := range u.CredentialInfos {
			su.Credentials = append(su.Credentials, ScramCredential{Mechanism: scramName(ci.Mechanism), Iterations: int(ci.Iterations)})
		}
		slices.SortFunc(su.Credentials, func(a, b ScramCredential) int { return strings.Compare(a.Mechanism, b.Mechanism) })
		out = append(out, su)
	}
	slices.SortFunc(out, func(a, b ScramUser) int { return strings.Compare(a.Name, b.Name) })
	return out, errors.Join(errs...)
}

// UpsertScramUser creates a user's SCRAM credential or changes its
// password, with one AlterUserScramCredentials request.
func (c *Client) UpsertScramUser(ctx context.Context, u ScramUpsert) error {
	if err := c.upsertScramUser(ctx, u); err != nil {
		return fmt.Errorf("set %s password of user %q: %w", u.Mechanism, u.Name, err)
	}
	return nil
}

func (c *Client) upsertScramUser(ctx context.Context, u ScramUpsert) error {
	code, h, newHash, err := scramCode(u.Mechanism)
	if err != nil {
		return err
	}
	if u.Name == "" {
		return fmt.Errorf("%w: user name is empty", ErrInvalid)
	}
	if u.Password == "" {
		return fmt.Errorf("%w: password is empty", ErrInvalid)
	}
	if u.Iterations == 0 {
		u.Iterations = DefaultScramIterations
	}
	if u.Iterations < MinScramIterations || u.Iterations > 16384 {
		return fmt.Errorf("%w: %d iterations: Kafka takes %d to 16384", ErrInvalid, u.Iterations, MinScramIterations)
	}
	salt := make([]byte, 32)
	_, _ = rand.Read(salt)
	salted, err := pbkdf2.Key(newHash, u.Password, salt, u.Iterations, h.Size())
	if err != nil {
		return err
	}
	req := &alteruserscramcredentials.Request{Upsertions: []alteruserscramcredentials.RequestUserScramCredentialsUpsertion{{
		Name: u.Name, Mechanism: code, Iterations: int32(u.Iterations), Salt: salt, SaltedPassword: salted,
	}}}
	return c.alterScram(ctx, req)
}

// DeleteScramCredential deletes one mechanism of a user's credentials; a
// user whose last one goes can no longer log in.
func (c *Client) DeleteScramCredential(ctx context.Context, name, mechanism string) error {
	code, _, _, err := scramCode(mechanism)
	if err == nil {
		req := &alteruserscramcredentials.Request{Deletions: []alteruserscramcredentials.RequestUserScramCredentialsDeletion{{Name: name, Mechanism: code}}}
		err = c.alterScram(ctx, req)
	}
	if err != nil {
		return fmt.Errorf("delete %s credential of user %q: %w", mechanism, name, err)
	}
	return nil
}

func (c *Client) alterScram(ctx context.Context, req *alteruserscramcredentials.Request) error {
	md, err := c.metadata(ctx, []string{})
	if err != nil {
		return err
	}
	res, err := c.roundTripBroker(ctx, md.ControllerID, req)
	if err != nil {
		return err
	}
	for _, r := range res.(*alteruserscramcredentials.Response).Results {
		if err := kafkaError(r.ErrorCode, r.ErrorMessage); err != nil {
			return err
		}
	}
	return nil
}

// derefString is a kmsg nullable string's text, "" for null.
func derefString(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
