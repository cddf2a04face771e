package interop

// interopReleases are the releases every client is tried against: the
// newest the broker models (""), the oldest it emulates (2.8, every API
// version still there) and 4.0, the first without the versions KIP-896
// removed.
var interopReleases = []string{"", "2.8", "4.0"}

// releaseFlags are the `kscope broker` flags that emulate release.
func releaseFlags(release string) []string {
	if release == "" {
		return nil
	}
	return []string{"--kafka-version", release}
}

// releaseName names a release in a subtest: "kafka-4.0", "default".
func releaseName(release string) string {
	if release == "" {
		return "default"
	}
	return "kafka-" + release
}
