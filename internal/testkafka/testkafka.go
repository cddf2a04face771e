// Package testkafka tells tests which Apache Kafka release the bundled
// broker they start should answer as, so that one suite runs against
// several releases (CI runs it once per release) without copies of it.
package testkafka

import "os"

// Env is the environment variable naming the release, e.g. "2.8" or "4.0";
// unset or empty means the newest release the broker models.
const Env = "KSCOPE_TEST_KAFKA_VERSION"

// Version returns the release tests should emulate, "" for the default.
func Version() string { return os.Getenv(Env) }

// Name is Version for test logs and skip messages: "default" when unset.
func Name() string {
	if v := Version(); v != "" {
		return v
	}
	return "default"
}
