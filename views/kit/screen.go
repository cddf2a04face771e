// Package views holds kscope's screens. Each screen is a small component
// driven by the root model in ui: it never imports another screen, and asks
// for navigation with a message that ui handles.
package kit

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"kscope/kafkaops"
)

// Screen is one screen of the explorer.
type Screen interface {
	// Init returns the commands that load the screen's data.
	Init() tea.Cmd
	// Update handles a message and returns the updated screen.
	Update(msg tea.Msg) (Screen, tea.Cmd)
	// View renders the screen's body (no header, status or help line).
	View() string
	// SetSize sets the size the body must fit in.
	SetSize(width, height int)
	// Title names the screen for the header and breadcrumbs.
	Title() string
	// ShortHelp and FullHelp list the screen's key bindings for help.
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
	// Capturing reports whether a text input has focus, so global keys
	// such as q and : must go to the screen instead.
	Capturing() bool
}

// EscHandler is implemented by a screen that can have something of its
// own to clear with esc, such as a kept filter. While HandlesEsc reports
// true the root sends esc to the screen instead of closing it; the next
// esc, with nothing left to clear, goes back as usual.
type EscHandler interface {
	HandlesEsc() bool
}

// TopicViewer is implemented by a screen that shows one topic (the
// topic detail): the palette's commands that take a topic use it when
// none is given (":tail" there tails that topic).
type TopicViewer interface {
	TopicInView() string
}

// PopMsg asks the root to close the current screen (esc).
type PopMsg struct{}

// StatusMsg asks the root to show text in the status line.
type StatusMsg struct {
	Text  string
	Error bool
}

// ClearStatusMsg asks the root to clear the status line when the screen
// that sends it (the active one) set what it shows: the cause of an
// error went away (the JSON it complained about is valid now).
type ClearStatusMsg struct{}

// ClearStatus returns a command that sends ClearStatusMsg.
func ClearStatus() tea.Cmd { return func() tea.Msg { return ClearStatusMsg{} } }

// Pop returns a command that closes the current screen.
func Pop() tea.Cmd { return func() tea.Msg { return PopMsg{} } }

// Status returns a command that shows text in the status line.
func Status(text string, isErr bool) tea.Cmd {
	return func() tea.Msg { return StatusMsg{Text: text, Error: isErr} }
}

// RouteKind names a screen the root can open.
type RouteKind int

// The screens a view can ask the root to open.
const (
	RouteTopics RouteKind = iota
	RouteTopicDetail
	RouteBrokers
	RouteBrokerConfigs
	RouteGroups
	RouteGroupDetail
	RouteTail
	RouteProduce
	RouteCreateTopic
	RouteDeleteTopic
	RouteOffsetReset
	RouteRecord
	RouteSearch
	RouteEditTopicConfig
	RoutePurge
	RouteSchemas
	RouteSchemaSubject
	RouteSchemaRegister
	RouteSchemaDelete
	// RouteEditBrokerConfig edits (or with Reset removes) the dynamic
	// config Config of broker BrokerID.
	RouteEditBrokerConfig
	// RouteReassign plans moving Topic's replicas.
	RouteReassign
	// RouteReassignments watches the reassignments in progress.
	RouteReassignments
	// RouteCancelReassignment cancels the reassignment of Topic's
	// Partition; Args names the replicas it goes back to ("1,2,0").
	RouteCancelReassignment
	RouteResetTopicConfig // Topic, Config: remove the override
	RouteAddPartitions    // Topic
	RouteCloneTopic       // Topic: the one cloned
	// RouteReplay is the produce form filled from Route.Prefill.
	RouteReplay
	// RouteCopy copies the matches of Route.Args (a search query) in
	// Route.Topic to a topic the screen asks for.
	RouteCopy
	// RouteImport imports the JSON-lines file Route.Args into Route.Topic.
	RouteImport
	RouteACLs
	RouteCreateACL
	RouteDeleteACLs
	RouteUsers
	RouteScramUser
	RouteDeleteScram
	RouteQuotas
	RouteEditQuota
)

// Route says which screen to open and on what.
type Route struct {
	Kind RouteKind
	// Topic: RouteTopicDetail, RouteTail, RouteProduce, RouteDeleteTopic;
	// with Partition, the scope a RouteOffsetReset starts at (no topic:
	// every committed topic; kafkaops.AllPartitions: the whole topic).
	Topic     string
	Partition int
	Group     string // RouteGroupDetail
	BrokerID  int32  // RouteBrokerConfigs
	// Args are a tail's words after the topic, as kafkaops.ParseTailArgs
	// reads them: "beginning", "-5 partition 1" (RouteTail); a search's
	// query in the filter language (RouteSearch).
	Args string
	// GroupState is the group a RouteOffsetReset plans against, as the
	// screen that asked last described it.
	GroupState *kafkaops.Group
	// Record is the record a RouteRecord shows.
	Record *kafkaops.Record
	// Config is the topic config a RouteEditTopicConfig edits; "" asks
	// for a name first (add an override).
	Config string
	// Subject is the Schema Registry subject a RouteSchemaSubject,
	// RouteSchemaRegister or RouteSchemaDelete is about; Version the
	// version a RouteSchemaDelete deletes.
	Subject string
	Version int
	// Reset asks a RouteEditBrokerConfig to remove the override of Config
	// rather than set a value.
	Reset bool
	// Prefill is the record a RouteReplay fills the produce form with.
	Prefill *kafkaops.Record
	// ACL is the binding a RouteCreateACL starts from, or the filter a
	// RouteDeleteACLs starts from (nil: an empty form).
	ACL *kafkaops.ACL
	// User and Mechanism name the SCRAM credential a RouteScramUser
	// changes (User "": a new user) or a RouteDeleteScram deletes.
	User, Mechanism string
	// Quota is the entity, with its current values, a RouteEditQuota
	// edits; nil adds quotas for a new entity.
	Quota *kafkaops.Quota
}

// RecordStepMsg asks for the record Delta places after (or, negative,
// before) the record at Partition and Offset of Topic, as the record
// detail's ctrl+n and ctrl+p do. The root hands it to every screen; the
// one that opened the record (a tail) answers by replacing the detail
// with the neighbour's, so the detail needs no reference to it.
type RecordStepMsg struct {
	Topic     string
	Partition int
	Offset    int64
	Delta     int
}

// NavigateMsg asks the root to open the screen a Route names. Views never
// construct other screens themselves.
type NavigateMsg struct{ Route Route }

// Navigate returns a command that asks the root to open r.
func Navigate(r Route) tea.Cmd { return func() tea.Msg { return NavigateMsg{Route: r} } }
