package ui

import "kscope/kafkaops"

// registryOf is the Schema Registry behind a decoder: the command line
// builds one session that decodes (the tail), browses and registers
// (:schemas) and encodes (the produce form), so a decoder that also
// implements kafkaops.SchemaRegistry is the explorer's registry. nil
// when there is none.
func registryOf(d kafkaops.Decoder) kafkaops.SchemaRegistry {
	if r, ok := d.(kafkaops.SchemaRegistry); ok {
		return r
	}
	return nil
}
