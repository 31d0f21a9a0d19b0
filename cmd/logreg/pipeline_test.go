package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/a1bed000/logreg/dataset"
)

// fitModel fits the data file with args and returns the model file's path,
// in dir.
func fitModel(t *testing.T, dir, data string, args ...string) string {
	t.Helper()
	path := filepath.Join(dir, "model.json")
	mustRun(t, "", append([]string{"fit", "-data", data, "-out", path}, args...)...)
	return path
}

// inMemoryPredictions is predict's output computed apart from it: the whole
// file coded at once by Encoding.Apply, the probabilities by PredictTo of
// the model's result, formatted as the manual says.
func inMemoryPredictions(t *testing.T, modelPath, data string, omit bool, keep []string) string {
	t.Helper()
	m, err := readModel(modelPath)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := m.Encoding.ApplyFile(data, dataset.ApplyOptions{DropNA: omit, Keep: keep})
	if err != nil {
		t.Fatal(err)
	}
	n, _ := tab.X.Dims()
	p := make([]float64, n)
	m.result().PredictTo(p, tab.X)
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	header := slices.Clone(keep)
	if omit {
		header = append(header, "line")
	}
	w.Write(append(header, "probability", "predicted"))
	for i, pi := range p {
		var rec []string
		for j := range keep {
			rec = append(rec, tab.Kept[j][i])
		}
		if omit {
			rec = append(rec, strconv.Itoa(tab.Rows[i]))
		}
		class := "0"
		if pi >= 0.5 {
			class = "1"
		}
		w.Write(append(rec, strconv.FormatFloat(pi, 'g', -1, 64), class))
	}
	w.Flush()
	return b.String()
}

// TestPredictStreamsAsInMemory checks that predict's output, written chunk
// by chunk, equals byte for byte the predictions of the whole file at once,
// for chunks of 1, 7 and 64 rows and the default, through the command line
// (standard output and -out) and with -keep and -na omit.
func TestPredictStreamsAsInMemory(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, data string
		fit        []string
		keep       []string
		omit       bool
	}{
		{"birthwt", birthwtCSV, []string{"-target", "low"}, nil, false},
		{"birthwt keep", birthwtCSV, []string{"-target", "low", "-features", "age,lwt,race"}, []string{"race", "low", "ftv"}, false},
		{"mtcars omit", mtcarsCSV, []string{"-target", "am", "-features", "hp,wt"}, []string{"hp"}, true},
		{"iris", irisCSV, []string{"-target", "virginica"}, nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			modelPath := fitModel(t, dir, c.data, c.fit...)
			want := inMemoryPredictions(t, modelPath, c.data, c.omit, c.keep)
			m, err := readModel(modelPath)
			if err != nil {
				t.Fatal(err)
			}
			for _, rows := range []int{1, 7, 64, 0} {
				f, err := os.Open(c.data)
				if err != nil {
					t.Fatal(err)
				}
				var b bytes.Buffer
				opt := predictOptions{threshold: 0.5, omit: c.omit, keep: c.keep, onError: onErrorFail, chunkRows: rows}
				_, err = predict(&b, m, f, c.data, &opt)
				f.Close()
				if err != nil {
					t.Fatal(err)
				}
				if got := b.String(); got != want {
					t.Errorf("chunks of %d rows: output differs from the in-memory predictions\ngot:\n%.300s\nwant:\n%.300s", rows, got, want)
				}
			}
			args := []string{"predict", "-model", modelPath, "-data", c.data}
			if c.keep != nil {
				args = append(args, "-keep", strings.Join(c.keep, ","))
			}
			if c.omit {
				args = append(args, "-na", "omit")
			}
			if got := mustRun(t, "", args...).stdout; got != want {
				t.Errorf("standard output differs from the in-memory predictions")
			}
			out := filepath.Join(dir, "p.csv")
			mustRun(t, "", append(args, "-out", out)...)
			if got := readFileString(t, out); got != want {
				t.Errorf("-out differs from the in-memory predictions")
			}
			stdin := slices.Clone(args)
			stdin[4] = "-"
			if got := mustRun(t, readFileString(t, c.data), stdin...).stdout; got != want {
				t.Errorf("-data - differs from the in-memory predictions")
			}
		})
	}
}

// keepData has an id column whose cells need quoting in every way CSV
// has, a region, and x and g for a model.
const keepData = "id,region,x,g,y\n" +
	"plain,north,1,a,0\n" +
	"\"with,comma\",south,2,b,1\n" +
	"\"with \"\"quotes\"\"\",north,3,a,1\n" +
	"\"two\nlines\",east,4,b,0\n" +
	"\" leading blank\",west,5,a,1\n" +
	",empty id,6,b,0\n" +
	"NA,,7,a,1\n" +
	"\\.,dot,8,b,0\n"

// TestPredictKeep checks that -keep copies the input columns first, in the
// order given, quoted so that a CSV reader reads back exactly the input's
// cells, and that bad -keep lists are usage errors (2) and a column not in
// the input a data error (1).
func TestPredictKeep(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := writeFile(t, dir, "keep.csv", keepData)
	modelPath := fitModel(t, dir, data, "-target", "y", "-features", "x,g")
	r := mustRun(t, "", "predict", "-model", modelPath, "-data", data, "-keep", "region, id")
	header, rows := readCSV(t, r.stdout)
	if !slices.Equal(header, []string{"region", "id", "probability", "predicted"}) {
		t.Fatalf("got header %q, want region,id,probability,predicted", header)
	}
	_, in := readCSV(t, keepData)
	if len(rows) != len(in) {
		t.Fatalf("got %d rows, want %d", len(rows), len(in))
	}
	for i, rec := range in {
		if rows[i][0] != rec[1] || rows[i][1] != rec[0] {
			t.Errorf("row %d: got region %q id %q, want %q %q", i+1, rows[i][0], rows[i][1], rec[1], rec[0])
		}
	}
	if want := inMemoryPredictions(t, modelPath, data, false, []string{"region", "id"}); r.stdout != want {
		t.Errorf("got\n%s\nwant (encoding/csv's quoting)\n%s", r.stdout, want)
	}

	for _, c := range []struct {
		keep string
		na   string
		code int
		msg  string
	}{
		{"id,id", "error", exitUsage, `-keep: column "id" listed twice`},
		{"id,", "error", exitUsage, "-keep: empty column name"},
		{"probability", "error", exitUsage, `-keep: column "probability" would have the name of an output column`},
		{"line", "omit", exitUsage, `-keep: column "line" would have the name of an output column`},
		{"nope", "error", exitData, `unknown column "nope"`},
	} {
		r := runBin(t, "", "predict", "-model", modelPath, "-data", data, "-keep", c.keep, "-na", c.na)
		if r.code != c.code || !strings.Contains(r.stderr, c.msg) || r.stdout != "" {
			t.Errorf("-keep %q: got exit %d, stderr %q, stdout %q; want exit %d with %q and no output", c.keep, r.code, r.stderr, r.stdout, c.code, c.msg)
		}
	}
}

// onErrorData has rows that the model of x and g (levels a, b) cannot
// score: an unseen level on line 4, text in x on line 6, a linear
// predictor that overflows on line 7.
const onErrorData = "id,x,g\n" +
	"1,0.01,a\n" +
	"2,0.02,b\n" +
	"3,0.03,zz\n" +
	"4,0.04,a\n" +
	"5,five,b\n" +
	"6,1e308,a\n" +
	"7,0.07,b\n"

// TestPredictOnError checks -on-error: fail stops at the first row that
// cannot be scored with its FILE:LINE:COLUMN and exit 1, some of the rows
// before it written to standard output and -out left untouched; skip
// leaves the rows out and na writes them with empty cells, both exit 0 and
// count them on standard error.
func TestPredictOnError(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// x's coefficient is about 45, so that x = 1e308 overflows.
	train := writeFile(t, dir, "train.csv", "x,g,y\n0.01,a,0\n0.02,b,0\n0.03,a,1\n0.04,b,0\n0.05,a,1\n0.06,b,1\n0.07,a,0\n0.08,b,1\n")
	modelPath := fitModel(t, dir, train, "-target", "y")
	data := writeFile(t, dir, "new.csv", onErrorData)
	args := []string{"predict", "-model", modelPath, "-data", data, "-keep", "id"}

	for _, mode := range []string{"", "fail"} {
		a := args
		if mode != "" {
			a = append(slices.Clone(args), "-on-error", mode)
		}
		r := runBin(t, "", a...)
		wantErr := fmt.Sprintf("logreg: %s:4:3: unseen level \"zz\" in column \"g\"", data)
		if r.code != exitData || !strings.HasPrefix(r.stderr, wantErr) {
			t.Errorf("-on-error %q: got exit %d, stderr %q, want 1 and %q", mode, r.code, r.stderr, wantErr)
		}
		if r.stdout != "" {
			t.Errorf("-on-error %q: got output %q, want none (the error is in the first chunk)", mode, r.stdout)
		}
	}
	m, err := readModel(modelPath)
	if err != nil {
		t.Fatal(err)
	}
	// The first row's line as predict writes it for that row alone.
	var first bytes.Buffer
	firstOpt := predictOptions{threshold: 0.5, keep: []string{"id"}, onError: onErrorFail}
	if _, err := predict(&first, m, strings.NewReader("id,x,g\n1,0.01,a\n"), "first.csv", &firstOpt); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		rows int
		want string
	}{
		// A chunk is handed on once the row after it is known good.
		{1, first.String()},
		{2, ""},
		{3, ""},
	} {
		var b bytes.Buffer
		opt := predictOptions{threshold: 0.5, keep: []string{"id"}, onError: onErrorFail, chunkRows: c.rows}
		_, err := predict(&b, m, strings.NewReader(onErrorData), "new.csv", &opt)
		if err == nil || !strings.HasPrefix(err.Error(), "new.csv:4:3: ") || b.String() != c.want {
			t.Errorf("chunks of %d rows: got %q and %v, want %q and the error at new.csv:4:3", c.rows, b.String(), err, c.want)
		}
	}
	out := writeFile(t, dir, "old.csv", "old content\n")
	if r := runBin(t, "", append(slices.Clone(args), "-out", out)...); r.code != exitData || readFileString(t, out) != "old content\n" {
		t.Errorf("-out with an error: got exit %d and file %q, want 1 and the file unchanged", r.code, readFileString(t, out))
	}

	_, all := readCSV(t, mustRun(t, "", "predict", "-model", modelPath, "-data", writeFile(t, dir, "good.csv",
		"id,x,g\n1,0.01,a\n2,0.02,b\n4,0.04,a\n7,0.07,b\n")).stdout)
	r := mustRun(t, "", append(slices.Clone(args), "-on-error", "skip")...)
	_, rows := readCSV(t, r.stdout)
	var ids []string
	for i, row := range rows {
		ids = append(ids, row[0])
		if !slices.Equal(row[1:], all[i]) {
			t.Errorf("skip, row %d: got %q, want %q", i+1, row[1:], all[i])
		}
	}
	if !slices.Equal(ids, []string{"1", "2", "4", "7"}) {
		t.Errorf("skip: got ids %q, want 1 2 4 7", ids)
	}
	wantMsg := fmt.Sprintf("logreg predict: 3 rows the model cannot score left out (first: %s:4:3: unseen level", data)
	if !strings.HasPrefix(r.stderr, wantMsg) {
		t.Errorf("skip: got stderr %q, want %q", r.stderr, wantMsg)
	}

	r = mustRun(t, "", append(slices.Clone(args), "-on-error", "na")...)
	_, rows = readCSV(t, r.stdout)
	good := 0
	for i, row := range rows {
		if want := strconv.Itoa(i + 1); row[0] != want {
			t.Errorf("na, row %d: got id %s, want %s", i+1, row[0], want)
		}
		switch row[0] {
		case "3", "5", "6":
			if row[1] != "" || row[2] != "" {
				t.Errorf("na, row %d: got %q, want empty cells", i+1, row)
			}
		default:
			if !slices.Equal(row[1:], all[good]) {
				t.Errorf("na, row %d: got %q, want %q", i+1, row[1:], all[good])
			}
			good++
		}
	}
	if len(rows) != 7 {
		t.Errorf("na: got %d rows, want 7", len(rows))
	}
	wantMsg = "logreg predict: 3 rows the model cannot score written with empty cells (first: "
	if !strings.HasPrefix(r.stderr, wantMsg) {
		t.Errorf("na: got stderr %q, want %q", r.stderr, wantMsg)
	}
	if r := runBin(t, "", append(slices.Clone(args), "-on-error", "ignore")...); r.code != exitUsage || !strings.Contains(r.stderr, "-on-error must be fail, skip or na") {
		t.Errorf("-on-error ignore: got exit %d, stderr %q, want 2", r.code, r.stderr)
	}
}

// TestPredictClosedPipe runs predict with its standard output on a real
// pipe whose reader closes after the first line, as predict | head -1
// does: predict must end with status 0 and print nothing on standard error
// (killed by SIGPIPE, as Go does by default, it would have no status).
func TestPredictClosedPipe(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	modelPath := fitModel(t, dir, mtcarsCSV, "-target", "am", "-features", "hp,wt")
	// Enough rows that predict is still writing when the reader goes.
	var b strings.Builder
	b.WriteString("hp,wt\n")
	for i := range 200000 {
		fmt.Fprintf(&b, "%d,%g\n", 50+i%300, 1.5+float64(i%40)/10)
	}
	data := writeFile(t, dir, "many.csv", b.String())
	for _, cmdArgs := range [][]string{
		{"predict", "-model", modelPath, "-data", data},
		{"predict", "-model", modelPath, "-data", "-"},
	} {
		pr, pw, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(binary, cmdArgs...)
		if cmdArgs[4] == "-" {
			f, err := os.Open(data)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			cmd.Stdin = f
		}
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = pw, &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		pw.Close()
		line, err := bufio.NewReader(pr).ReadString('\n')
		pr.Close()
		if err != nil || line != "probability,predicted\n" {
			t.Errorf("got first line %q, %v, want the header", line, err)
		}
		err = cmd.Wait()
		if code := cmd.ProcessState.ExitCode(); code != 0 || stderr.Len() > 0 {
			t.Errorf("%q: got %v, exit %d, stderr %q, want status 0 and no message", cmdArgs, err, code, stderr.String())
		}
	}
}

// TestClosedPipeOtherCommands checks that fit's output to a closed pipe also
// ends quietly.
func TestClosedPipeOtherCommands(t *testing.T) {
	t.Parallel()
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	pr.Close() // the reader is gone before the first write
	cmd := exec.Command(binary, "fit", "-data", birthwtCSV, "-target", "low")
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = pw, &stderr
	err = cmd.Run()
	pw.Close()
	if code := cmd.ProcessState.ExitCode(); code != 0 || stderr.Len() > 0 {
		t.Errorf("got %v, exit %d, stderr %q, want status 0 and no message", err, code, stderr.String())
	}
}

// signalWriter collects what is written and closes got once a line after
// the header has come.
type signalWriter struct {
	bytes.Buffer
	got  chan struct{}
	done bool
}

func (w *signalWriter) Write(b []byte) (int, error) {
	n, err := w.Buffer.Write(b)
	if !w.done && bytes.Count(w.Bytes(), []byte{'\n'}) > 1 {
		w.done = true
		close(w.got)
	}
	return n, err
}

// TestPredictStreamsBeforeEOF feeds predict from a pipe that stays open
// until predictions have come out: predict must write the rows of the
// first chunks while its input is still being written, as a streaming
// reader does and a reader of the whole input cannot.
func TestPredictStreamsBeforeEOF(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	m, err := readModel(fitModel(t, dir, mtcarsCSV, "-target", "am", "-features", "hp,wt"))
	if err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe()
	w := &signalWriter{got: make(chan struct{})}
	fed := make(chan error, 1)
	go func() {
		var b bytes.Buffer
		b.WriteString("hp,wt\n")
		for i := range 100000 {
			fmt.Fprintf(&b, "%d,%g\n", 50+i%300, 1.5+float64(i%40)/10)
		}
		if _, err := pw.Write(b.Bytes()); err != nil {
			fed <- err
			return
		}
		select {
		case <-w.got:
			fed <- nil
		case <-time.After(time.Minute):
			fed <- errors.New("no prediction came out before the end of the input")
		}
		pw.Close()
	}()
	opt := predictOptions{threshold: 0.5, onError: onErrorFail}
	if _, err := predict(w, m, pr, "pipe", &opt); err != nil {
		t.Fatal(err)
	}
	if err := <-fed; err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(w.Bytes(), []byte{'\n'}); n != 100001 {
		t.Errorf("got %d lines, want 100001", n)
	}
}

// FuzzAppendCSV checks that encoding/csv reads back every text that
// appendCSV writes as a field, and that it quotes exactly as csv.Writer.
func FuzzAppendCSV(f *testing.F) {
	for _, s := range []string{"", "plain", "a,b", `say "hi"`, "two\nlines", " lead", `\.`, "\r", "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		line := string(appendCSV(nil, s)) + ",x\n"
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		w.Write([]string{s, "x"})
		w.Flush()
		if line != b.String() {
			t.Fatalf("appendCSV(%q) wrote %q, csv.Writer %q", s, line, b.String())
		}
		rec, err := csv.NewReader(strings.NewReader(line)).Read()
		want := strings.ReplaceAll(s, "\r\n", "\n") // as encoding/csv reads a quoted CRLF
		if err != nil || len(rec) != 2 || rec[0] != want {
			t.Fatalf("appendCSV(%q): read back %q, %v", s, rec, err)
		}
	})
}

// TestPredictOnErrorOneRow checks the message of -on-error skip for a
// single row, and that a model's later rows are scored after it.
func TestPredictOnErrorOneRow(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	modelPath := fitModel(t, dir, mtcarsCSV, "-target", "am", "-features", "hp,wt")
	data := writeFile(t, dir, "new.csv", "hp,wt\n110,2.62\n93,heavy\n175,3.44\n")
	r := mustRun(t, "", "predict", "-model", modelPath, "-data", data, "-on-error", "skip", "-na", "omit")
	want := fmt.Sprintf("logreg predict: 1 row the model cannot score left out (first: %s:3:2: not a number: text \"heavy\" in numeric column \"wt\")\n", data)
	if r.stderr != want {
		t.Errorf("got stderr %q, want %q", r.stderr, want)
	}
	if _, rows := readCSV(t, r.stdout); len(rows) != 2 || rows[0][0] != "2" || rows[1][0] != "4" {
		t.Errorf("got %q, want the rows of lines 2 and 4", r.stdout)
	}
}
