package kit

import "time"

// DefaultRefresh is how often an auto-refreshing screen reloads when its
// options leave the refresh at 0.
const DefaultRefresh = 10 * time.Second

// loadTimeout bounds every call a screen makes to the service.
const LoadTimeout = 15 * time.Second
