//go:build !(linux && (amd64 || arm64 || 386 || arm || riscv64 || loong64))

package main

import (
	"errors"
	"os"
)

// openUnnamed returns nil: files without a name are a Linux feature.
func openUnnamed(dir string) *os.File { return nil }

// linkUnnamed is not called where openUnnamed returns nil.
func linkUnnamed(f *os.File, path string) error { return errors.ErrUnsupported }
