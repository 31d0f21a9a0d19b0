package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/a1bed000/logreg/internal/jsonnum"
)

// num is a float64 that encodes as JSON null when it is not finite (NaN for
// "not defined", ±Inf for "not available"), so that encoding never fails.
type num = jsonnum.Num

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// writeJSON writes v as indented JSON followed by a newline.
func writeJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

// fmtG formats v with the verb format, or as NA when it is not finite.
func fmtG(format string, v float64) string {
	if !finite(v) {
		return "NA"
	}
	return fmt.Sprintf(format, v)
}

// shellQuote quotes an argument for display in a call line when it holds
// characters a POSIX shell would interpret.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+=.,:/@%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// callLine returns the command line as it was given, for the text output.
func callLine(cmd string, args []string) string {
	parts := []string{"logreg", cmd}
	for _, a := range args {
		parts = append(parts, shellQuote(a))
	}
	return strings.Join(parts, " ")
}

// parseFloatFlag parses a finite float given to flag name.
func parseFloatFlag(cmd, name, s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || !finite(v) {
		return 0, usagef(cmd, "-%s: %q is not a finite number", name, s)
	}
	return v, nil
}
