package topics

import (
	"context"
	"strconv"

	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
	"kscope/views/kit"
)

// sizesLoadedMsg is the answer to TopicSizes for the topic in view.
type sizesLoadedMsg struct {
	reqID uint64
	size  kafkaops.TopicSize
	ok    bool // the brokers reported the topic
	err   error
}

// sizesState is the partitions' sizes on disk (DescribeLogDirs), or why
// there are none: SIZE shows "—" then, and the reason is said once.
type sizesState struct {
	id     uint64
	loaded bool
	size   kafkaops.TopicSize
	err    error
}

// loadSizes asks the brokers for the topic's size on disk, one request
// per broker.
func (d *TopicDetail) loadSizes() tea.Cmd {
	svc, name := d.svc, d.topic
	var cmd tea.Cmd
	d.sizes.id, cmd = kit.Ask(&d.Asker, func(ctx context.Context) (sizesLoadedMsg, error) {
		all, err := svc.TopicSizes(ctx, name)
		s, ok := all[name]
		return sizesLoadedMsg{size: s, ok: ok}, err
	}, func(id uint64, m sizesLoadedMsg, err error) tea.Msg {
		m.reqID, m.err = id, err
		return m
	})
	return cmd
}

// sizesLoaded keeps the sizes; a failure is said once, not at every
// refresh while it lasts.
func (d *TopicDetail) sizesLoaded(msg sizesLoadedMsg) tea.Cmd {
	if msg.reqID != d.sizes.id {
		return nil
	}
	again := d.sizes.err != nil
	d.sizes.loaded, d.sizes.err = true, msg.err
	if msg.err == nil {
		d.sizes.size = msg.size
		return nil
	}
	d.sizes.size = kafkaops.TopicSize{}
	if again {
		return nil
	}
	why := kafkaops.Describe(msg.err)
	if kafkaops.IsUnsupported(msg.err) {
		why = "the cluster does not answer DescribeLogDirs (" + why + ")"
	}
	return kit.Status("SIZE shows — : "+why, false)
}

// partitionSize is a partition's SIZE cell: its bytes on its leader in
// binary units, "—" when the brokers did not say.
func (d *TopicDetail) partitionSize(id int) string {
	if !d.sizes.loaded {
		return ""
	}
	n, ok := d.sizes.size.Partitions[int32(id)]
	if d.sizes.err != nil || !ok {
		return "—"
	}
	return kit.HumanBytes(strconv.FormatInt(n, 10))
}
