//go:build linux || darwin

package main

import (
	"bufio"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestHelperInterruptedWrite is not a test: it is the process that
// TestOutputSignal interrupts. It prints "temp NAME" on standard error once
// the content is on disk (NAME empty for a file without a name), then waits
// for the signal. With LOGREG_TEST_NAMED set it uses a named temporary
// file, as systems without Linux's O_TMPFILE do.
func TestHelperInterruptedWrite(t *testing.T) {
	args := os.Getenv(helperEnv)
	if args == "" {
		t.Skip("run by TestOutputSignal")
	}
	useUnnamed = os.Getenv("LOGREG_TEST_NAMED") == ""
	testHookTemp = func(name string) {
		os.Stderr.WriteString("temp " + name + "\n")
		select {}
	}
	os.Exit(run(strings.Split(args, "\n"), os.Stdout, os.Stderr))
}

// TestOutputSignal checks that SIGTERM or SIGINT during fit -out, with the
// content written and not yet renamed, leaves the old model as it was and
// no other file, and ends with status 128 + the signal's number; with a
// named temporary file and, where Linux gives a file without a name, with
// it, which even SIGKILL leaves nothing of.
func TestOutputSignal(t *testing.T) {
	t.Parallel()
	for _, named := range []bool{false, true} {
		for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGKILL} {
			dir := t.TempDir()
			out := writeFile(t, dir, "model.json", "old")
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperInterruptedWrite$")
			cmd.Env = append(os.Environ(), helperEnv+"="+strings.Join([]string{"fit", "-data", mtcarsCSV, "-target", "am", "-features", "hp,wt", "-out", out, "-format", "json"}, "\n"))
			if named {
				cmd.Env = append(cmd.Env, "LOGREG_TEST_NAMED=1")
			}
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			line, err := bufio.NewReader(stderr).ReadString('\n')
			name, ok := strings.CutPrefix(strings.TrimSuffix(line, "\n"), "temp ")
			if err != nil || !ok || named != (name != "") {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("named %v: got %q, %v from the helper, want the temporary file's name", named, line, err)
			}
			if sig == syscall.SIGKILL && name != "" {
				cmd.Process.Kill()
				cmd.Wait()
				continue // a named file is left: the reason for the file without a name
			}
			if name != "" {
				if _, err := os.Stat(name); err != nil {
					t.Errorf("temporary file before the signal: %v", err)
				}
			}
			cmd.Process.Signal(sig)
			go io.Copy(io.Discard, stderr)
			err = cmd.Wait()
			var ee *exec.ExitError
			switch {
			case !errors.As(err, &ee):
				t.Errorf("%v: got %v, want an exit status", sig, err)
			case sig != syscall.SIGKILL && ee.ExitCode() != 128+int(sig):
				t.Errorf("%v: got %v, want exit status %d", sig, err, 128+int(sig))
			}
			left, _ := os.ReadDir(dir)
			if len(left) != 1 || left[0].Name() != "model.json" || readFileString(t, out) != "old" {
				var names []string
				for _, e := range left {
					names = append(names, e.Name())
				}
				t.Errorf("named %v, %v: got files %q, model %q, want model.json alone, unchanged", named, sig, names, readFileString(t, out))
			}
		}
	}
}

// TestOutputSymlink checks that -out writes through a symbolic link to its
// target, also a link to a file not yet there, and keeps the target's
// permissions.
func TestOutputSymlink(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	target := writeFile(t, sub, "target.json", "old")
	if err := os.Chmod(target, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink("sub/target.json", link); err != nil {
		t.Skipf("no symbolic links: %v", err)
	}
	dangling := filepath.Join(dir, "dangling.json")
	if err := os.Symlink("sub/new.json", dangling); err != nil {
		t.Fatal(err)
	}
	fit := []string{"fit", "-data", mtcarsCSV, "-target", "am", "-features", "hp,wt"}
	mustRun(t, "", append(fit, "-out", link)...)
	mustRun(t, "", append(fit, "-out", dangling)...)
	for _, l := range []string{link, dangling} {
		if fi, err := os.Lstat(l); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s: got %v, %v, want a symbolic link still", l, fi, err)
		}
	}
	for _, f := range []string{target, filepath.Join(sub, "new.json")} {
		if _, err := readModel(f); err != nil {
			t.Errorf("target %s: %v", f, err)
		}
	}
	for _, c := range []struct {
		path string
		perm os.FileMode
	}{{target, 0o600}, {filepath.Join(sub, "new.json"), 0o644}} {
		if fi, err := os.Stat(c.path); err != nil || fi.Mode().Perm() != c.perm {
			t.Errorf("%s: got %v, want permissions %v", c.path, fi, c.perm)
		}
	}
	if left, _ := os.ReadDir(sub); len(left) != 2 {
		t.Errorf("got %d files in the target's directory, want 2", len(left))
	}
}

// TestOutputSameFile checks that an output naming an input file, directly
// or through a link, is a usage error that leaves the input unchanged.
func TestOutputSameFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := writeFile(t, dir, "data.csv", readFileString(t, mtcarsCSV))
	model := filepath.Join(dir, "model.json")
	mustRun(t, "", "fit", "-data", data, "-target", "am", "-features", "hp,wt", "-out", model)
	wantModel := readFileString(t, model)
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(data, link); err != nil {
		t.Skipf("no symbolic links: %v", err)
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"fit", "-data", data, "-target", "am", "-out", data}, "logreg fit: -out " + data + " is the input file " + data + ": it would be overwritten"},
		{[]string{"fit", "-data", data, "-target", "am", "-out", link}, "logreg fit: -out " + link + " is the input file " + data},
		{[]string{"predict", "-model", model, "-data", data, "-out", data}, "logreg predict: -out " + data + " is the input file " + data},
		{[]string{"predict", "-model", model, "-data", data, "-out", model}, "logreg predict: -out " + model + " is the input file " + model},
		{[]string{"eval", "-model", model, "-data", data, "-roc", link}, "logreg eval: -roc " + link + " is the input file " + data},
		{[]string{"eval", "-model", model, "-data", data, "-roc", model}, "logreg eval: -roc " + model + " is the input file " + model},
	}
	for _, c := range cases {
		r := runBin(t, "", c.args...)
		if r.code != 2 || !strings.HasPrefix(r.stderr, c.want) {
			t.Errorf("logreg %q: got exit %d, stderr %q, want exit 2, %q", c.args, r.code, r.stderr, c.want)
		}
	}
	if readFileString(t, data) != readFileString(t, mtcarsCSV) || readFileString(t, model) != wantModel {
		t.Errorf("an input file changed")
	}
}

// TestOutputFIFO checks that predict -out writes into a named pipe, which
// stays one.
func TestOutputFIFO(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	model := filepath.Join(dir, "model.json")
	mustRun(t, "", "fit", "-data", mtcarsCSV, "-target", "am", "-features", "hp,wt", "-out", model)
	want := mustRun(t, "", "predict", "-model", model, "-data", mtcarsCSV).stdout
	fifo := filepath.Join(dir, "pipe.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no named pipes: %v", err)
	}
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- string(b)
	}()
	mustRun(t, "", "predict", "-model", model, "-data", mtcarsCSV, "-out", fifo)
	select {
	case g := <-got:
		if g != want {
			t.Errorf("read from the pipe %q, want %q", g, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("nothing read from the pipe")
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("got %v, %v, want a named pipe still", fi, err)
	}
}

// devices returns a null and a full device: copies of /dev/null and
// /dev/full made in dir when the process may (so that a logreg that
// replaced them harms nothing), else the system's when it may not (a logreg
// that tried could not replace them).
func devices(t *testing.T, dir string) (null, full string) {
	t.Helper()
	if os.Geteuid() != 0 {
		for _, d := range []string{"/dev/null", "/dev/full"} {
			if _, err := os.Stat(d); err != nil {
				t.Skipf("no %s", d)
			}
		}
		return "/dev/null", "/dev/full"
	}
	null, full = filepath.Join(dir, "null"), filepath.Join(dir, "full")
	for _, d := range []struct {
		path         string
		major, minor int
	}{{null, 1, 3}, {full, 1, 7}} {
		if err := syscall.Mknod(d.path, syscall.S_IFCHR|0o666, d.major<<8|d.minor); err != nil {
			t.Skipf("cannot make a device: %v", err)
		}
		f, err := os.OpenFile(d.path, os.O_WRONLY, 0)
		if err != nil {
			t.Skipf("cannot open a device made here: %v", err)
		}
		f.Close()
	}
	return null, full
}

// TestOutputDevice checks that -out and -roc write into a device in place:
// a null device takes the output and stays a device, a full one is an error
// (exit 1) and stays a device, and eval's text output to a full device is
// an error too.
func TestOutputDevice(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	null, full := devices(t, dir)
	model := filepath.Join(dir, "model.json")
	fit := []string{"fit", "-data", mtcarsCSV, "-target", "am", "-features", "hp,wt"}
	mustRun(t, "", append(fit, "-out", model)...)
	for _, c := range []struct {
		args []string
		code int
	}{
		{append(fit, "-out", null), 0},
		{append(fit, "-out", full), 1},
		{[]string{"predict", "-model", model, "-data", mtcarsCSV, "-out", null}, 0},
		{[]string{"predict", "-model", model, "-data", mtcarsCSV, "-out", full}, 1},
		{[]string{"eval", "-model", model, "-data", mtcarsCSV, "-roc", null}, 0},
		{[]string{"eval", "-model", model, "-data", mtcarsCSV, "-roc", full}, 1},
	} {
		r := runBin(t, "", c.args...)
		if r.code != c.code || c.code == 1 && !strings.Contains(r.stderr, "no space left on device") {
			t.Errorf("logreg %q: got exit %d, stderr %q, want exit %d", c.args, r.code, r.stderr, c.code)
		}
		for _, d := range []string{null, full} {
			if fi, err := os.Lstat(d); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
				t.Fatalf("after logreg %q: %s is %v, %v, want a device", c.args, d, fi, err)
			}
		}
	}
	if left, _ := os.ReadDir(dir); len(left) != 3 && os.Geteuid() == 0 || len(left) != 1 && os.Geteuid() != 0 {
		t.Errorf("got %d files in the directory, want the model and the devices", len(left))
	}

	// Standard output on the full device: every command's output is checked.
	for _, args := range [][]string{
		{"eval", "-model", model, "-data", mtcarsCSV},
		{"eval", "-model", model, "-data", mtcarsCSV, "-format", "json"},
		{"predict", "-model", model, "-data", mtcarsCSV},
		fit,
		append(fit, "-format", "json"),
	} {
		f, err := os.OpenFile(full, os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(binary, args...)
		cmd.Stdout = f
		var errb strings.Builder
		cmd.Stderr = &errb
		err = cmd.Run()
		f.Close()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 || !strings.Contains(errb.String(), "no space left on device") {
			t.Errorf("logreg %q > full device: got %v, stderr %q, want exit 1 and no space left on device", args, err, errb.String())
		}
	}
}

// TestOutputIsStdin checks that an output naming the file that standard
// input reads (-data -) is refused, and the file kept.
func TestOutputIsStdin(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := writeFile(t, dir, "data.csv", readFileString(t, mtcarsCSV))
	model := filepath.Join(dir, "model.json")
	mustRun(t, "", "fit", "-data", data, "-target", "am", "-features", "hp,wt", "-out", model)
	for _, args := range [][]string{
		{"fit", "-data", "-", "-target", "am", "-out", data},
		{"fit", "-stream", "-data", "-", "-target", "am", "-out", data},
		{"fit", "-data", "-", "-target", "am", "-out", "/dev/stdin"},
		{"predict", "-model", model, "-data", "-", "-out", data},
		{"eval", "-model", model, "-data", "-", "-roc", data},
	} {
		in, err := os.Open(data)
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(binary, args...)
		cmd.Stdin = in
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err = cmd.Run()
		in.Close()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 2 || !strings.Contains(stderr.String(), "is standard input: it would be overwritten") {
			t.Errorf("logreg %q < data.csv: got %v, stderr %q, want exit 2 and standard input named", args, err, stderr.String())
		}
		if readFileString(t, data) != readFileString(t, mtcarsCSV) {
			t.Fatalf("logreg %q < data.csv changed its input", args)
		}
	}
}
