package textsafe

import "testing"

func TestSanitize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"orders", "orders"},
		{"", ""},
		{"a\x1b[31mred", `a\x1b[31mred`},
		{"bell\x07", `bell\x07`},
		{"tab\tnl\ncr\r", `tab\tnl\ncr\r`},
		{"del\x7f", `del\x7f`},
		{"nul\x00", `nul\x00`},
		{"bad\xff\xfe", `bad\xff\xfe`},
		{"c1\u009b2J", `c1\u009b2J`},
		{"rtl\u202egnp.exe", `rtl\u202egnp.exe`},
		{"zw\u200bsp", `zw\u200bsp`},
		{"bom\ufeff", `bom\ufeff`},
		{"日本語", "日本語"},
		{"emoji 👩", "emoji 👩"},
		{"flag 🇫🇷", "flag 🇫🇷"},
		{"café", "café"}, {"cafe\u0301", "cafe\u0301"}, // a combining accent is one cell everywhere
		// Clusters terminals draw at different widths keep their first
		// character; the rest is escaped.
		{"dev 👩‍💻", `dev 👩\u200d\U0001f4bb`},
		{"ok 👍🏽", `ok 👍\U0001f3fd`},
		{"key 1️⃣", `key 1\ufe0f\u20e3`},
		{"smile ☺️", `smile ☺\ufe0f`},
		{"thai กำ", `thai ก\u0e33`},
		// Every format character and filler is escaped.
		{"soft\u00adhyphen", `soft\u00adhyphen`},
		{"alm\u061c", `alm\u061c`},
		{"wj\u2060", `wj\u2060`},
		{"mvs\u180e", `mvs\u180e`},
		{"ann\ufff9\ufffb", `ann\ufff9\ufffb`},
		{"tag\U000e0041", `tag\U000e0041`},
		{"fill\u115f\u3164\uffa0", `fill\u115f\u3164\uffa0`},
		{`back\slash`, `back\\slash`},
		// Typed literally, an escape's spelling must not pass for one.
		{`\x1b[31m`, `\\x1b[31m`},
		{"\x1b vs \\x1b", `\x1b vs \\x1b`},
	}
	for _, tc := range tests {
		if got := Sanitize(tc.in); got != tc.want {
			t.Errorf("Sanitize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSanitizePlainDoesNotAllocate(t *testing.T) {
	s := "team-01.service-002.events"
	if n := testing.AllocsPerRun(100, func() { _ = Sanitize(s) }); n != 0 {
		t.Errorf("Sanitize of plain ASCII allocates %v times", n)
	}
}

// plainASCIIByByte is PlainASCII one byte at a time, the reference the
// word-at-a-time check must agree with.
func plainASCIIByByte(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

// PlainASCII agrees with a byte-by-byte check for every byte value at
// every place in strings of 0 to 19 bytes, around neighbours that pass
// and neighbours that borrow (0x20, 0x7e, 0x7f, 0x80).
func TestPlainASCIIEveryByteEveryPlace(t *testing.T) {
	for _, fill := range []byte{'a', 0x20, 0x7e, '0'} {
		for n := 0; n < 20; n++ {
			for at := 0; at < n; at++ {
				for c := 0; c < 256; c++ {
					b := make([]byte, n)
					for i := range b {
						b[i] = fill
					}
					b[at] = byte(c)
					s := string(b)
					if got, want := PlainASCII(s), plainASCIIByByte(s); got != want {
						t.Fatalf("PlainASCII(%q) = %v, want %v", s, got, want)
					}
				}
			}
		}
	}
	if !PlainASCII("") || !PlainASCII("bench-topic-00001.with.a.long.name") {
		t.Error("plain names are not plain")
	}
}
