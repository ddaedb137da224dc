// The emulator over HTTP; see docs/emulator-http.md.
