package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"sync"
)

// checkOutput returns a usage error of command cmd when the file that flag
// -name names, path, is one of the input files inputs ("" is skipped; "-"
// is standard input, compared by what it reads from): writing it would
// destroy the input. A path that does not exist yet is no input.
func checkOutput(cmd, name, path string, inputs ...string) error {
	if path == "" {
		return nil
	}
	if path == "-" {
		// "-" is standard input for -data; as an output it would make a
		// file named "-".
		return usagef(cmd, "-%s -: name a file (- is not standard output here)", name)
	}
	out, err := os.Stat(path)
	if err != nil {
		return nil // written later, or refused with the reason then
	}
	for _, in := range inputs {
		if in == "" {
			continue
		}
		if in == "-" {
			if fi, err := os.Stdin.Stat(); err == nil && os.SameFile(out, fi) {
				return usagef(cmd, "-%s %s is standard input: it would be overwritten", name, path)
			}
			continue
		}
		if fi, err := os.Stat(in); err == nil && os.SameFile(out, fi) {
			return usagef(cmd, "-%s %s is the input file %s: it would be overwritten", name, path, in)
		}
	}
	return nil
}

// resolveLinks follows path while it is a symbolic link and returns the
// file it leads to, which need not exist.
func resolveLinks(path string) (string, error) {
	for range 40 { // Linux's limit on links in one lookup
		fi, err := os.Lstat(path)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			return path, nil // a missing file is created; other errors show then
		}
		target, err := os.Readlink(path)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(path), target)
		}
		path = target
	}
	return "", fmt.Errorf("%s: too many levels of symbolic links", path)
}

// writeOutput writes a file through write, as write produces it, so that
// an output of any size takes little memory. A symbolic link at path is
// followed to its target, and the target, when it exists and is not a
// regular file (a device such as /dev/null, a named pipe), is written in
// place: there an error of write leaves what was written before it. A
// regular file is replaced atomically by replaceFile: the content goes to a
// temporary file in the target's directory, synced to disk and renamed over
// the target, keeping its permissions (0644 for a new file), so that a
// reader never sees a partial file and an error of write or a crash leaves
// the old file or none. The temporary file is removed on an error and on
// SIGINT or SIGTERM (cleanupOnSignal).
func writeOutput(path string, write func(io.Writer) error) error {
	target, err := resolveLinks(path)
	if err != nil {
		return err
	}
	perm := fs.FileMode(0o644)
	if fi, err := os.Stat(target); err == nil {
		if !fi.Mode().IsRegular() {
			return writeInPlace(target, write)
		}
		perm = fi.Mode().Perm()
	}
	return replaceFile(target, write, perm)
}

// writeBuffered calls write with a buffered writer on w and flushes it.
func writeBuffered(w io.Writer, write func(io.Writer) error) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := write(bw); err != nil {
		return err
	}
	return bw.Flush()
}

// writeInPlace writes through write to the existing file path, which is
// not a regular file.
func writeInPlace(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if err := writeBuffered(f, write); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// testHookTemp, when not nil, is called once the content is on disk and
// before it gets its name: with the name of the temporary file, or "" for
// a file without a name (openUnnamed). Tests use it to interrupt a write.
var testHookTemp func(name string)

// useUnnamed false makes replaceFile use a named temporary file even where
// a file without a name is possible; tests set it to try both.
var useUnnamed = true

// replaceFile replaces the regular file path, or creates it, with the
// content that write produces and permissions perm. Where the system
// allows it (Linux), the content is written to a file without a name in
// path's directory, which a crash, even SIGKILL, takes away, then linked as
// path when path is new, or linked to a temporary name and renamed over
// path at once; elsewhere a named temporary file holds it while it is
// written.
func replaceFile(path string, write func(io.Writer) error, perm fs.FileMode) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	cleanupOnSignal()
	var tmp *os.File
	name := ""
	if tmp = openUnnamed(dir); tmp == nil {
		temps.Lock()
		tmp, err = os.CreateTemp(dir, "."+base+".tmp*")
		if err == nil {
			name = tmp.Name()
			temps.names[name] = true
		}
		temps.Unlock()
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return fmt.Errorf("cannot create a file in %s: %w", dir, err)
		}
	}
	defer func() {
		tmp.Close()
		temps.Lock()
		defer temps.Unlock()
		if err != nil && name != "" {
			os.Remove(name)
		}
		delete(temps.names, name)
	}()
	if err := writeBuffered(tmp, write); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		return err
	}
	if testHookTemp != nil {
		testHookTemp(name)
	}
	temps.Lock()
	linked := false
	if name == "" {
		// A new file gets its name in one step; an existing one is
		// replaced through a temporary name, which only a SIGKILL between
		// the link and the rename can leave behind.
		if err = linkUnnamed(tmp, path); err == nil {
			linked = true
		} else if errors.Is(err, fs.ErrExist) {
			name, err = linkTemp(tmp, dir, base)
		}
	}
	if err == nil && !linked {
		err = os.Rename(name, path)
	}
	temps.Unlock()
	if err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync() // make the rename durable where the system allows it
		d.Close()
	}
	return nil
}

// linkTemp gives the file f without a name a free name ".BASE.tmpNNN" in
// dir and returns it.
func linkTemp(f *os.File, dir, base string) (string, error) {
	for range 100 {
		name := filepath.Join(dir, "."+base+".tmp"+strconv.FormatUint(uint64(rand.Uint32()), 10))
		err := linkUnnamed(f, name)
		if err == nil {
			return name, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", err
		}
	}
	return "", fmt.Errorf("cannot name a file in %s: too many tries", dir)
}

// temps holds the temporary files that replaceFile has created and not yet
// renamed or removed. A signal handler removes them under the lock, so
// that a file is never left between its creation and its registration, or
// removed while it is renamed.
var temps = struct {
	sync.Mutex
	names map[string]bool
	once  sync.Once
}{names: map[string]bool{}}

// cleanupOnSignal makes SIGINT and SIGTERM, from now on, remove the
// temporary files of temps and end the process with status 128 + the
// signal's number, as the shell reports a process killed by it.
func cleanupOnSignal() {
	temps.once.Do(func() {
		ch := make(chan os.Signal, 1)
		signal.Notify(ch, terminating...)
		go func() {
			sig := <-ch
			temps.Lock()
			for name := range temps.names {
				os.Remove(name)
			}
			os.Exit(exitCode(sig)) // with temps locked: no file is created after this
		}()
	})
}
