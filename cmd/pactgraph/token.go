package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// The bearer token of serve comes from a file (--token-file) or from the
// environment (PACTGRAPH_TOKEN), never from the command line, where every
// user of the machine reads it with ps. --token is refused, not taken with
// a warning: by the time a warning is printed the token is already in the
// process list (docs/config.md).

// tokenEnv is the environment variable that may hold the token.
const tokenEnv = "PACTGRAPH_TOKEN"

// errTokenFlag is the answer to --token on the command line.
var errTokenFlag = usageError{"--token is no longer taken: a token on the command line is visible to every user of the machine (ps); " +
	"put it in a file readable only by you and pass --token-file FILE, or set " + tokenEnv}

// refuseTokenFlag refuses --token (or -token, --token=…) among args,
// without repeating its value.
func refuseTokenFlag(args []string) error {
	for _, a := range args {
		if a == "--" {
			break
		}
		if !strings.HasPrefix(a, "-") {
			continue
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name == "token" {
			return errTokenFlag
		}
	}
	return nil
}

// readToken returns the token from file, when set, or from the
// environment; "" when neither gives one (writes are refused). A file
// others may read is taken with a warning on stderr.
func readToken(file string, stderr io.Writer) (string, error) {
	env, inEnv := os.LookupEnv(tokenEnv)
	if file == "" {
		return strings.TrimSpace(env), nil
	}
	if inEnv {
		return "", usageError{fmt.Sprintf("both --token-file and %s are set: give the token one way", tokenEnv)}
	}
	fi, err := os.Stat(file)
	if err != nil {
		return "", fmt.Errorf("token file: %w", err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("token file: %w", err)
	}
	token := strings.TrimSpace(string(data))
	if token == "" || strings.ContainsAny(token, "\r\n") {
		return "", usageError{fmt.Sprintf("token file %s: want one line holding the token", file)}
	}
	if fi.Mode().Perm()&0o077 != 0 {
		fmt.Fprintf(stderr, "pactgraph: warning: token file %s can be read by others (mode %v); chmod 600 it\n", file, fi.Mode().Perm())
	}
	return token, nil
}
