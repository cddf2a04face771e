package transfer

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/theme"
	"kscope/views/kit"
)

// texts are the sentences a transfer says about its run; each %s takes
// the sanitized destination topic, then what the sentence counts.
type texts struct {
	verb      string // the status line's prefix: "copy"
	stopped   string // the status after esc, with the records sent
	running   string // the head while it runs
	done      string // the head after it ended, with how long it took
	cancelled string // the head after esc
	finished  string // the status after it ended, with the records sent
}

// copyTexts are the copy's sentences.
var copyTexts = texts{
	verb:      "copy",
	stopped:   "copy stopped after %[2]s; what was copied stays in %[1]s",
	running:   "copying to %s",
	done:      "done: copied to %s in %s",
	cancelled: "stopped: what was copied to %s stays",
	finished:  "copied %[2]s to %[1]s",
}

// importTexts are the import's sentences.
var importTexts = texts{
	verb:      "import",
	stopped:   "import stopped after %[2]s; what was sent stays in %[1]s",
	running:   "importing into %s",
	done:      "done: imported into %s in %s",
	cancelled: "stopped: what was sent to %s stays",
	finished:  "imported %[2]s into %[1]s",
}

// optionFields is how many of a plan's fields are options: the last
// ones, keep partitions then keep timestamps.
const optionFields = 2

// core is what the copy and import screens share: the plan's focus,
// options and refusal, the offer to create a missing topic, and the
// run's phase, stream, count and outcome.
type core struct {
	kit.Asker
	svc  kafkaops.Service
	st   *theme.Styles
	keys transferKeys
	now  func() time.Time
	say  texts

	focus int
	opts  options
	note  string // why the last start was refused
	offer kit.TopicOffer

	phase phase
	run   stream
	to    string // the topic the run writes to
	sent  int64  // the records written so far
	err   error
	ended time.Duration // how long the run took, once it ended

	w, h int
}

// newCore returns the shared state of a transfer that says say.
func newCore(svc kafkaops.Service, st *theme.Styles, say texts) core {
	return core{svc: svc, st: st, keys: newTransferKeys(say.verb), now: time.Now, say: say}
}

// Close stops a running transfer: the root calls it when the screen goes.
func (c *core) Close() { c.run.stop() }

// HandlesEsc reports whether esc stops a run or answers the offer first.
func (c *core) HandlesEsc() bool { return c.phase == phaseRunning || c.offer.Open() }

// SetSize sets the body's size.
func (c *core) SetSize(w, h int) { c.w, c.h = w, h }

// FullHelp lists every key.
func (c *core) FullHelp() [][]key.Binding {
	k := c.keys
	return [][]key.Binding{{k.Start, k.Next, k.Prev, k.Toggle}, append(c.offer.FullHelp(), k.Cancel, k.Back)}
}

// shortHelp lists the keys that work now; plan are the plan's.
func (c *core) shortHelp(plan ...key.Binding) []key.Binding {
	if c.offer.Open() {
		return c.offer.ShortHelp()
	}
	switch c.phase {
	case phasePlan:
		return plan
	case phaseRunning:
		return []key.Binding{c.keys.Cancel}
	}
	return []key.Binding{c.keys.Back}
}

// planning reports whether the plan's fields take keys.
func (c *core) planning() bool { return c.phase == phasePlan && !c.offer.Open() }

// key handles a key press: the offer's question first, then esc while
// running, plan's keys in the plan, and back once the run ended.
func (c *core) key(msg tea.KeyPressMsg, plan func(tea.KeyPressMsg) tea.Cmd) tea.Cmd {
	k := c.keys
	if c.offer.Open() {
		return c.offer.Key(&c.Asker, c.svc, msg)
	}
	switch c.phase {
	case phaseRunning:
		if kit.Matches(msg, k.Cancel) {
			c.end(phaseCancelled)
			return kit.Status(fmt.Sprintf(c.say.stopped, kit.Sanitize(c.to), kit.PluralCount(c.sent, "record")), false)
		}
		return nil
	case phasePlan:
		return plan(msg)
	}
	if kit.Matches(msg, k.Back) {
		return kit.Pop()
	}
	return nil
}

// planKey handles the keys every plan shares over its fields fields:
// esc goes back, enter calls start, tab and shift+tab move the focus and
// space toggles the option under it. took is false for any other key.
func (c *core) planKey(msg tea.KeyPressMsg, fields int, start func() tea.Cmd) (took bool, cmd tea.Cmd) {
	k := c.keys
	first := fields - optionFields
	switch {
	case kit.Matches(msg, k.Back):
		return true, kit.Pop()
	case kit.Matches(msg, k.Start):
		return true, start()
	case kit.Matches(msg, k.Next):
		c.focus = (c.focus + 1) % fields
	case kit.Matches(msg, k.Prev):
		c.focus = (c.focus + fields - 1) % fields
	case kit.Matches(msg, k.Toggle) && c.focus >= first:
		c.opts.toggle(c.focus - first)
		c.note = ""
	default:
		return false, nil
	}
	return true, nil
}

// refuse keeps why the transfer cannot start and says it.
func (c *core) refuse(why string) tea.Cmd {
	c.note = why
	return kit.Status(c.say.verb+": "+why, true)
}

// created takes the offer's answer: ok says the topic was created (a
// start is due); cmd says why it was not.
func (c *core) created(msg kit.TopicOfferMsg) (ok bool, cmd tea.Cmd) {
	answered, err := c.offer.Created(msg)
	switch {
	case !answered:
		return false, nil
	case err != nil:
		return false, c.refuse(err.Error())
	}
	return true, nil
}

// launch starts a run into topic to.
func (c *core) launch(to string) {
	c.run.begin(c.now())
	c.phase, c.to, c.sent, c.err, c.note = phaseRunning, to, 0, nil, ""
}

// wait waits for the run's next events on ch.
func wait[E any](c *core, ch <-chan E) tea.Cmd {
	return c.Send(kit.WaitStream(c.run.ctx, c.run.id, ch, streamMaxEvents))
}

// take applies a delivery of the run's events in order with apply,
// which reports whether an event ends the run and its error; a stream
// that closes ends it too. Otherwise it waits on ch for more.
func take[E any](c *core, msg kit.StreamMsg[E], ch <-chan E, apply func(E) (end bool, err error)) tea.Cmd {
	if msg.ID != c.run.id || c.phase != phaseRunning {
		return nil
	}
	for _, ev := range msg.Events {
		if end, err := apply(ev); end {
			return c.finish(err)
		}
	}
	if msg.Closed {
		return c.finish(nil)
	}
	return wait(c, ch)
}

// end stops the run in phase p and keeps how long it took.
func (c *core) end(p phase) { c.phase, c.ended = p, c.run.halt(c.now()) }

// finish ends the run, failed with err when it is not nil.
func (c *core) finish(err error) tea.Cmd {
	if err != nil {
		c.end(phaseFailed)
		c.err = err
		return kit.Status(c.say.verb+": "+kafkaops.Describe(err), true)
	}
	c.end(phaseDone)
	return tea.Batch(kit.TopicsChanged(c.to),
		kit.Status(fmt.Sprintf(c.say.finished, kit.Sanitize(c.to), kit.PluralCount(c.sent, "record")), false))
}

// took is how long the run has run, or ran.
func (c *core) took() time.Duration {
	if c.phase == phaseRunning {
		return c.now().Sub(c.run.began)
	}
	return c.ended
}

// headLines say where the run is, or how it ended, in w cells.
func (c *core) headLines(w int) []string {
	st, to := c.st, kit.Sanitize(c.to)
	switch c.phase {
	case phaseRunning:
		return kit.Wrapped(st.Status, fmt.Sprintf(c.say.running, to), w)
	case phaseDone:
		return kit.Wrapped(st.Status, fmt.Sprintf(c.say.done, to, c.took().Round(time.Millisecond)), w)
	case phaseCancelled:
		return kit.Wrapped(st.Status, fmt.Sprintf(c.say.cancelled, to), w)
	case phaseFailed:
		return kit.Wrapped(st.Error, "failed: "+kit.Sanitize(kafkaops.Describe(c.err)), w)
	}
	return nil
}

// optionLines draw the two options with what each means, parts and
// stamps; they follow the plan's other fields, fields in all.
func (c *core) optionLines(fields int, parts, stamps string) []string {
	first, planning := fields-optionFields, c.planning()
	return []string{
		optionLine(c.st, planning && c.focus == first, "keep partitions", c.opts.keepParts, parts, c.w),
		optionLine(c.st, planning && c.focus == first+1, "keep timestamps", c.opts.keepStamps, stamps, c.w),
	}
}

// page starts a screen's lines with its title.
func (c *core) page(title string) []string {
	return []string{c.st.Title.Render(kit.Truncate(title, c.w))}
}

// field draws a label and its value, cut to w cells.
func field(st *theme.Styles, name, value string, w int) string {
	return kit.Truncate(kit.FieldLabel(st, name, false)+value, w)
}

// padded joins lines and pads them to the screen's size.
func (c *core) padded(lines []string) string {
	return kit.PadLines(strings.Join(lines, "\n"), c.w, c.h)
}
