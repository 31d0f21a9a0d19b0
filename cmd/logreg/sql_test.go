package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/a1bed000/logreg/internal/refcase"
	"github.com/a1bed000/logreg/linalg"
)

// shQuote quotes s for /bin/sh.
func shQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// sqlTestEngine is an engine a test fits in: cmd is the -sql-cmd, exec
// runs a script in it and load creates a table from a CSV file.
type sqlTestEngine struct {
	cmd, dialect string
	exec         func(t *testing.T, script string)
}

// csvSchema returns the header of a CSV file and whether each column is
// numeric (every non-empty cell a number).
func csvSchema(t *testing.T, path string) ([]string, []bool) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	num := make([]bool, len(recs[0]))
	for j := range num {
		num[j] = true
		for _, r := range recs[1:] {
			if _, err := strconv.ParseFloat(r[j], 64); r[j] != "" && err != nil {
				num[j] = false
			}
		}
	}
	return recs[0], num
}

// load creates the table name from the CSV file path, numeric columns as
// doubles, text as text, empty cells as NULL.
func (e *sqlTestEngine) load(t *testing.T, name, path string) {
	t.Helper()
	cols, num := csvSchema(t, path)
	real := "DOUBLE PRECISION"
	if e.dialect == "sqlite" {
		real = "REAL"
	}
	var defs []string
	for j, c := range cols {
		typ := "TEXT"
		if num[j] {
			typ = real
		}
		defs = append(defs, ident(c)+" "+typ)
	}
	script := fmt.Sprintf("CREATE TABLE %s (%s);\n", ident(name), strings.Join(defs, ", "))
	if e.dialect == "sqlite" {
		script += fmt.Sprintf(".import --csv --skip 1 %s %s\n", strconv.Quote(path), strconv.Quote(name))
		for _, c := range cols {
			script += fmt.Sprintf("UPDATE %s SET %s = NULL WHERE %s = '';\n", ident(name), ident(c), ident(c))
		}
	} else {
		script += fmt.Sprintf("\\copy %s FROM %s WITH (FORMAT csv, HEADER true)\n", ident(name), strLit(path))
	}
	e.exec(t, script)
}

// sqliteEngine returns an engine on a new SQLite database file, or skips
// the test if the sqlite3 command is absent or has no math functions.
func sqliteEngine(t *testing.T) *sqlTestEngine {
	t.Helper()
	bin, err := exec.LookPath("sqlite3")
	if err != nil {
		t.Skip("sqlite3 is not installed: the fit inside SQLite is not tested")
	}
	if out, err := exec.Command(bin, ":memory:", "SELECT exp(0) + ln(1)").CombinedOutput(); err != nil || strings.TrimSpace(string(out)) != "1.0" {
		t.Skipf("sqlite3 has no math functions (%q): the fit inside SQLite is not tested", out)
	}
	db := filepath.Join(t.TempDir(), "test.db")
	return &sqlTestEngine{
		cmd: "sqlite3 -csv " + shQuote(db), dialect: "sqlite",
		exec: func(t *testing.T, script string) {
			t.Helper()
			c := exec.Command(bin, "-bail", db)
			c.Stdin = strings.NewReader(script)
			if out, err := c.CombinedOutput(); err != nil || len(out) > 0 {
				t.Fatalf("sqlite3: %v: %s", err, out)
			}
		},
	}
}

// sqlCase is a fit compared between an engine and memory.
type sqlCase struct {
	name, data, ref string // ref: R's coefficients, "" for none
	target          string
	args            []string
}

// sqlCases returns the reference cases, every feature named, and a
// variant of birthwt with weights, missing values, no intercept and a
// ridge penalty, written to dir.
func sqlCases(t *testing.T, dir string) []sqlCase {
	var cs []sqlCase
	for _, c := range glmCases {
		target := c.args[1]
		cols, _ := csvSchema(t, refcase.Path(c.data))
		var feat []string
		for _, col := range cols {
			if col != target {
				feat = append(feat, col)
			}
		}
		if len(c.args) > 2 {
			feat = strings.Split(c.args[3], ",")
		}
		cs = append(cs, sqlCase{c.name, refcase.Path(c.data), c.ref, target, []string{"-features", strings.Join(feat, ",")}})
	}
	// birthwt with a weight column, a missing age and a missing race.
	b, err := os.ReadFile(refcase.Path("birthwt.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	out := []string{lines[0] + ",w it's"}
	for i, l := range lines[1:] {
		f := strings.Split(l, ",")
		switch i {
		case 4:
			f[1] = ""
		case 9:
			f[3] = ""
		}
		out = append(out, strings.Join(f, ",")+","+strconv.Itoa(i%3))
	}
	path := filepath.Join(dir, "birthwt_w.csv")
	if err := os.WriteFile(path, []byte(strings.Join(out, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	feat := "-features=age,lwt,race,smoke,ht,ui"
	cs = append(cs,
		sqlCase{"weights_na", path, "", "low", []string{feat, "-weights", "w it's", "-na", "omit"}},
		sqlCase{"no_intercept", path, "", "low", []string{feat, "-weights", "w it's", "-na", "omit", "-no-intercept"}},
		sqlCase{"ridge", path, "", "low", []string{feat, "-na", "omit", "-l2", "2.5"}},
	)
	return cs
}

// testSQLFits fits every case inside the engine and in memory and checks
// that the numbers agree to 1e-10, and R's where there is a reference.
func testSQLFits(t *testing.T, e *sqlTestEngine) {
	dir := t.TempDir()
	for i, c := range sqlCases(t, dir) {
		table := fmt.Sprintf("t%d \"%s\"", i, c.name)
		e.load(t, table, c.data)
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"fit", "-target", c.target, "-format", "json"}, c.args...)
			m := decodeFit(t, mustRun(t, "", append(args, "-data", c.data)...).stdout)
			model := filepath.Join(dir, c.name+".model.json")
			s := decodeFit(t, mustRun(t, "", append(args, "-sql-cmd", e.cmd, "-sql-dialect", e.dialect, "-sql-table", table, "-out", model)...).stdout)
			checkSameFit(t, s, m, 1e-10)
			if c.ref != "" {
				checkRCoefs(t, s, refRecords(t, c.ref+".coef.csv"))
			}
			// The model predicts the in-memory fit's probabilities.
			p := mustRun(t, "", "predict", "-model", model, "-data", c.data, "-na", "omit")
			if !strings.Contains(p.stdout, "\n") {
				t.Errorf("predict wrote %q", p.stdout)
			}
		})
	}
	testSQLSeparation(t, e, dir)
	if e.dialect == "postgres" {
		testPassPlan(t, e, "t2 \"birthwt\"")
	}
	// The engine's own message, exit 1.
	r := runBin(t, "", "fit", "-target", "low", "-features", "age,nosuch", "-sql-cmd", e.cmd, "-sql-dialect", e.dialect, "-sql-table", "t2 \"birthwt\"")
	if r.code != 1 || !strings.Contains(r.stderr, "nosuch") || !strings.Contains(r.stderr, "-sql-cmd") {
		t.Errorf("a missing column: got exit %d, stderr %q; want 1 and the engine's message", r.code, r.stderr)
	}
	if e.dialect == "postgres" {
		// A server that prints 15 digits would round every sum read back.
		r = runBin(t, "", "fit", "-target", "low", "-features", "age", "-sql-cmd", "PGOPTIONS='-c extra_float_digits=0' "+e.cmd,
			"-sql-dialect", e.dialect, "-sql-table", "t2 \"birthwt\"")
		if r.code != 1 || !strings.Contains(r.stderr, "extra_float_digits") {
			t.Errorf("extra_float_digits = 0: got exit %d, stderr %q; want 1 and a message naming the setting", r.code, r.stderr)
		}
	}
	// Missing values without -na omit.
	r = runBin(t, "", "fit", "-target", "low", "-features", "age", "-sql-cmd", e.cmd, "-sql-dialect", e.dialect, "-sql-table", "t3 \"weights_na\"")
	if r.code != 1 || !strings.Contains(r.stderr, "1 rows have a missing value") {
		t.Errorf("missing values: got exit %d, stderr %q", r.code, r.stderr)
	}
}

// testSQLSeparation checks the separation diagnosis inside the engine on
// separated data against detectseparation's (endometrial, quasi-complete;
// sep_complete, complete; a factor level with successes only, with
// weights and a missing value) and against the in-memory fit: the type,
// every status, the warnings, the finite estimates to 1e-10 and the model
// file's training record; and that a ridge fit of the same rows is not
// diagnosed.
func testSQLSeparation(t *testing.T, e *sqlTestEngine, dir string) {
	// The level c of f has successes only: f=c is +Inf.
	lev := "f,x,w,y\n"
	for i := range 40 {
		f := [...]string{"a", "b", "c"}[i%3]
		y := (i * 7 / 3) % 2
		if f == "c" {
			y = 1
		}
		x := strconv.Itoa(i % 5)
		if i == 17 {
			x = ""
		}
		lev += fmt.Sprintf("%s,%s,%d,%d\n", f, x, 1+i%2, y)
	}
	for _, c := range []struct {
		name, data, ref, target string
		args                    []string
	}{
		{"endometrial", refcase.Path("next/endometrial.csv"), "next/endometrial", "HG", []string{"-features", "NV,PI,EH"}},
		{"sep_complete", refcase.Path("next/sep_complete.csv"), "next/sep_complete", "y", []string{"-features", "x"}},
		{"level", writeFile(t, dir, "level.csv", lev), "", "y", []string{"-features", "f,x", "-weights", "w", "-na", "omit"}},
	} {
		t.Run("separation_"+c.name, func(t *testing.T) {
			table := "sep " + c.name
			e.load(t, table, c.data)
			args := append([]string{"fit", "-target", c.target, "-format", "json"}, c.args...)
			mModel, sModel := filepath.Join(dir, c.name+".mem.json"), filepath.Join(dir, c.name+".sql.json")
			m := decodeFit(t, mustRun(t, "", append(args, "-data", c.data, "-out", mModel)...).stdout)
			s := decodeFit(t, mustRun(t, "", append(args, "-sql-cmd", e.cmd, "-sql-dialect", e.dialect, "-sql-table", table, "-out", sModel)...).stdout)
			if !s.Separation || s.Converged || s.SeparationType != m.SeparationType || s.Iterations != m.Iterations || s.N != m.N ||
				!slices.Equal(s.Warnings, m.Warnings) {
				t.Errorf("got separation %v %q, converged %v, %d iterations, n %d, warnings %q; want true %q, false, %d, %d, %q",
					s.Separation, s.SeparationType, s.Converged, s.Iterations, s.N, s.Warnings,
					m.SeparationType, m.Iterations, m.N, m.Warnings)
			}
			var want []map[string]string
			if c.ref != "" {
				tab, err := refcase.ReadTable(c.ref + ".separation.csv")
				if err != nil {
					t.Fatal(err)
				}
				want = tab.Records()
				sum, err := refcase.Scalars(c.ref + ".separation_summary.csv")
				if err != nil {
					t.Fatal(err)
				}
				if s.SeparationType != sum["type"] {
					t.Errorf("got separation type %q, want %q", s.SeparationType, sum["type"])
				}
			}
			for i, sc := range s.Coefficients {
				mc := m.Coefficients[i]
				if sc.Name != mc.Name || sc.Status != mc.Status || sc.StdErr != nil {
					t.Errorf("coefficient %d: got %s %s (SE %v), want %s %s (no SE)", i, sc.Name, sc.Status, sc.StdErr, mc.Name, mc.Status)
				}
				if want != nil && sc.Status != want[i]["status"] {
					t.Errorf("%s: got %s, want detectseparation's %s", sc.Name, sc.Status, want[i]["status"])
				}
				if sc.Status == "finite" && (sc.Estimate == nil || !closeTo(*sc.Estimate, *mc.Estimate, 1e-10)) {
					t.Errorf("%s: got estimate %v, want %v", sc.Name, sc.Estimate, *mc.Estimate)
				}
			}
			if c.name == "level" && (len(s.Coefficients) != 4 || s.Coefficients[2].Status != "Inf") {
				t.Errorf("level: got coefficients %+v, want f=c = Inf", s.Coefficients)
			}
			// The model files' training records agree but for the data.
			training := func(path string) map[string]any {
				b, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				var mf struct {
					Training map[string]any `json:"training"`
				}
				if err := json.Unmarshal(b, &mf); err != nil {
					t.Fatal(err)
				}
				for _, k := range []string{"deviance", "null_deviance", "log_likelihood", "aic", "bic", "pseudo_r2"} {
					delete(mf.Training, k)
				}
				return mf.Training
			}
			if got, want := training(sModel), training(mModel); !reflect.DeepEqual(got, want) {
				t.Errorf("model file: got training %v, want %v", got, want)
			}
			// A ridge fit has a finite estimate: no diagnosis, no read
			// of the rows.
			r := decodeFit(t, mustRun(t, "", append(args, "-l2", "1", "-sql-cmd", e.cmd, "-sql-dialect", e.dialect, "-sql-table", table)...).stdout)
			if r.Separation || !r.Converged {
				t.Errorf("ridge: got separation %v, converged %v; want false, true", r.Separation, r.Converged)
			}
		})
	}
}

// testPassPlan checks PostgreSQL's plan of a pass query over table
// (birthwt): parallel when workers cost nothing, and exp computed once a
// row, not once for every sum that uses it.
func testPassPlan(t *testing.T, e *sqlTestEngine, table string) {
	eng := &sqlEngine{cmd: e.cmd, dialect: e.dialect}
	o := &dataFlags{target: "low", featuresSet: true, na: "error"}
	d, err := scanSQL(eng, table, o, []string{"age", "lwt", "race"})
	if err != nil {
		t.Fatal(err)
	}
	q := "SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0; " +
		"EXPLAIN (VERBOSE, COSTS off) " + eng.passQuery(table, d, true, []float64{1, -0.02, -0.01, 0.5, 0.3})
	lines, err := eng.query(q)
	if err != nil {
		t.Fatal(err)
	}
	plan := strings.Join(lines, "\n")
	if !strings.Contains(plan, "Partial Aggregate") || !strings.Contains(plan, "Gather") || strings.Count(plan, "exp(") != 1 {
		t.Errorf("the pass query's plan has no parallel aggregate or computes exp more than once a row:\n%s", plan)
	}
}

func TestFitSQLite(t *testing.T) {
	t.Parallel()
	testSQLFits(t, sqliteEngine(t))
}

// postgresEngine starts a PostgreSQL server in a temporary directory,
// listening on a Unix socket there only, and returns an engine on it; the
// server is stopped when the test ends. PostgreSQL refuses to run as root:
// a root test runs it as the postgres user. The test is skipped if the
// binaries or that user are absent.
func postgresEngine(t *testing.T) *sqlTestEngine {
	t.Helper()
	var bins [3]string
	for i, name := range []string{"initdb", "pg_ctl", "psql"} {
		b, err := exec.LookPath(name)
		if err != nil {
			for _, dir := range []string{"/usr/local/bin", "/usr/lib/postgresql/15/bin"} {
				if _, e := os.Stat(filepath.Join(dir, name)); e == nil {
					b, err = filepath.Join(dir, name), nil
					break
				}
			}
		}
		if err != nil {
			t.Skipf("%s is not installed: the fit inside PostgreSQL is not tested", name)
		}
		bins[i] = b
	}
	initdb, pgctl, psql := bins[0], bins[1], bins[2]
	dir := t.TempDir()
	// as runs a server command, as the postgres user when root.
	as := func(name string, args ...string) *exec.Cmd { return exec.Command(name, args...) }
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Skip("running as root and there is no postgres user to run PostgreSQL as: the fit inside PostgreSQL is not tested")
		}
		runuser, err := exec.LookPath("runuser")
		if err != nil {
			t.Skip("running as root without runuser: the fit inside PostgreSQL is not tested")
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		for d := dir; d != "/" && d != os.TempDir(); d = filepath.Dir(d) {
			if err := os.Chmod(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		as = func(name string, args ...string) *exec.Cmd {
			return exec.Command(runuser, append([]string{"-u", "postgres", "--", name}, args...)...)
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := as(initdb, "-D", data, "-U", "postgres", "-A", "trust", "--no-sync").CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v: %s", err, out)
	}
	opts := "-c listen_addresses='' -k " + dir + " -c fsync=off"
	if out, err := as(pgctl, "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "start").CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		t.Fatalf("pg_ctl start: %v: %s%s", err, out, log)
	}
	t.Cleanup(func() {
		if out, err := as(pgctl, "-D", data, "-m", "fast", "-w", "stop").CombinedOutput(); err != nil {
			t.Errorf("pg_ctl stop: %v: %s", err, out)
		}
	})
	client := []string{"-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", dir, "-U", "postgres", "-d", "postgres"}
	return &sqlTestEngine{
		cmd:     shQuote(psql) + " -X -q -A -t -F, -h " + shQuote(dir) + " -U postgres -d postgres",
		dialect: "postgres",
		exec: func(t *testing.T, script string) {
			t.Helper()
			c := exec.Command(psql, client...)
			c.Stdin = strings.NewReader(script)
			if out, err := c.CombinedOutput(); err != nil || len(out) > 0 {
				t.Fatalf("psql: %v: %s", err, out)
			}
		},
	}
}

func TestFitPostgres(t *testing.T) {
	t.Parallel()
	testSQLFits(t, postgresEngine(t))
}

// TestSQLRows checks the rows that the separation diagnosis reads through
// the client: chunks of rowChunk rows, the numbers exact, and the errors of
// malformed output and of a failing client.
func TestSQLRows(t *testing.T) {
	t.Parallel()
	n := rowChunk + 3
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%d,0.1,\"%d\",%d\n", i, i%2, 1+i%3)
	}
	path := writeFile(t, t.TempDir(), "rows.csv", b.String())
	e := &sqlEngine{cmd: "cat >/dev/null; cat " + shQuote(path)}
	var sizes []int
	rows := 0
	err := e.rows("SELECT", 2)(func(x *linalg.Dense, y, w []float64) error {
		r, c := x.Dims()
		sizes = append(sizes, r)
		for i := range r {
			want := []float64{float64(rows), 0.1, float64(rows % 2), float64(1 + rows%3)}
			if got := []float64{x.At(i, 0), x.At(i, 1), y[i], w[i]}; c != 2 || !slices.Equal(got, want) {
				t.Fatalf("row %d: got %v, want %v", rows, got, want)
			}
			rows++
		}
		return nil
	})
	if err != nil || !slices.Equal(sizes, []int{rowChunk, 3}) || e.reads != 1 {
		t.Errorf("got chunks %v, %d reads, error %v; want [%d 3], 1, nil", sizes, e.reads, err, rowChunk)
	}
	// PostgreSQL's rows come as COPY's CSV, which psql writes faster
	// than a SELECT's; SQLite's as printf's 17 digits.
	d := &sqlDesign{cols: []string{`"a"`}, y: `"y"`, w: "1.0"}
	if q := (&sqlEngine{dialect: "postgres"}).rowsQuery("t", d); !strings.HasPrefix(q, "COPY (SELECT x0, y, w FROM (") || !strings.HasSuffix(q, ") TO STDOUT (FORMAT csv)") {
		t.Errorf("postgres: got rows query %q", q)
	}
	if q := (&sqlEngine{dialect: "sqlite"}).rowsQuery("t", d); !strings.HasPrefix(q, "SELECT printf('%!.17g', x0), printf('%!.17g', y), printf('%!.17g', w) FROM (") {
		t.Errorf("sqlite: got rows query %q", q)
	}
	for _, c := range []struct{ cmd, want string }{
		{"cat >/dev/null; printf '1,2,3\\n1,2\\n'", "line 2 of the rows has 2 fields where 3 numbers were expected"},
		{"cat >/dev/null; printf '1,2,3\\n1,x,3\\n'", `line 2 of the rows, field 2: "x" is not a number`},
		{"cat >/dev/null; printf '1,2,3\\n'; echo 'ERROR:  relation does not exist' >&2; exit 1", "ERROR:  relation does not exist"},
		{"cat >/dev/null; exit 3", "exit status 3"},
	} {
		e := &sqlEngine{cmd: c.cmd}
		err := e.rows("SELECT", 1)(func(*linalg.Dense, []float64, []float64) error { return nil })
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "-sql-cmd ") {
			t.Errorf("%s: got %v, want an error with %q", c.cmd, err, c.want)
		}
	}
}

// TestSQLiteLiterals checks that sqlite3 reads every coefficient literal
// back as the same double, where its reading of decimal text is off by a
// unit in the last place for some. (Its printf of the largest doubles,
// near math.MaxFloat64, is itself off in the 17th digit.)
func TestSQLiteLiterals(t *testing.T) {
	bin, err := exec.LookPath("sqlite3")
	if err != nil {
		t.Skip("sqlite3 not found")
	}
	rng := rand.New(rand.NewPCG(7, 1))
	vals := []float64{1, -1, 0.1, 1e300, -1e-300, 5e-324, 0x1p-1022, 0.001818090519150818}
	for range 1500 {
		vals = append(vals, (rng.Float64()*2-1)*math.Pow(10, rng.Float64()*16-8))
	}
	for range 100 {
		vals = append(vals, math.Float64frombits(rng.Uint64()&^(0x7ff<<52)|uint64(rng.IntN(2000)+1)<<52))
	}
	e := &sqlEngine{cmd: shQuote(bin) + " -csv :memory:", dialect: "sqlite"}
	for len(vals) > 0 {
		chunk := vals[:min(len(vals), 400)]
		vals = vals[len(chunk):]
		var sel []string
		for _, v := range chunk {
			sel = append(sel, e.out(e.lit(v)))
		}
		got, err := e.row("SELECT "+strings.Join(sel, ", "), len(chunk))
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range chunk {
			if got[i] != v {
				t.Errorf("%v: %s reads back as %v", v, e.lit(v), got[i])
			}
		}
	}
}

// TestSQLOutputBounded checks that a command that writes without end, on
// standard output or standard error, ends the query with an error instead
// of filling memory, and that an over-long line of the rows is an error
// naming the command.
func TestSQLOutputBounded(t *testing.T) {
	t.Parallel()
	for _, cmd := range []string{
		"cat >/dev/null; cat /dev/zero",
		"cat >/dev/null; cat /dev/zero >&2",
		"cat >/dev/null; yes 1,2,3",
	} {
		// A bound of 2 MiB, not 64: the test process's memory is
		// inherited as the peak RSS of the commands the tests run.
		e := &sqlEngine{cmd: cmd, maxOutput: 2 << 20}
		_, err := e.query("SELECT 1")
		if err == nil || !strings.HasPrefix(err.Error(), "-sql-cmd ") || !strings.Contains(err.Error(), "larger than 2 MiB") {
			t.Errorf("%s: got %v, want an error that the output is larger than 2 MiB", cmd, err)
		}
	}
	if got := (&sqlEngine{}).outputLimit(); got != 64<<20 {
		t.Errorf("default bound: got %d, want 64 MiB", got)
	}
	e := &sqlEngine{cmd: "cat >/dev/null; head -c 2000000 /dev/zero"}
	err := e.rows("SELECT", 1)(func(*linalg.Dense, []float64, []float64) error { return nil })
	if err == nil || !strings.HasPrefix(err.Error(), "-sql-cmd ") || !strings.Contains(err.Error(), "line 1 of the rows") {
		t.Errorf("rows: got %v, want an error naming the command and line 1", err)
	}
	// A bad line, then output without end from a child of the shell.
	done := make(chan error)
	go func() {
		e := &sqlEngine{cmd: "cat >/dev/null; (echo x,1,1; yes 1,1,1)"}
		done <- e.rows("SELECT", 1)(func(*linalg.Dense, []float64, []float64) error { return nil })
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), `line 1 of the rows, field 1: "x" is not a number`) {
			t.Errorf("rows, bad line: got %v, want the error of line 1", err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("rows, bad line: no return 60 s after the error (the command's children still write)")
	}
	e = &sqlEngine{cmd: "cat >/dev/null; cat /dev/zero >&2", maxOutput: 2 << 20}
	err = e.rows("SELECT", 1)(func(*linalg.Dense, []float64, []float64) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "more than 2 MiB on standard error") {
		t.Errorf("rows, stderr: got %v, want an error that standard error is too large", err)
	}
}

// TestSQLiteColumns checks the columns SQLite gives back quoted (a name
// with a double quote, a comma or a blank, a level with a quote) against
// the in-memory fit of the same rows, and that a column SQLite holds as
// numbers and text, or as a blob, is refused by name (not coded as levels
// of which no row is a member, which made the information singular).
func TestSQLiteColumns(t *testing.T) {
	t.Parallel()
	e := sqliteEngine(t)
	data := writeFile(t, t.TempDir(), "odd.csv", "my col,\"x\"\"q\",\"g,h\",y\n"+
		"1,2,\"a\"\"b\",0\n2,1,c d,1\n3,5,\"a\"\"b\",1\n4,3,c d,0\n5,4,\"a\"\"b\",1\n0.5,7,c d,0\n2.5,2,\"a\"\"b\",0\n3.3,1,c d,1\n")
	e.load(t, "odd tbl", data)
	args := []string{"fit", "-target", "y", "-features", "my col,x\"q", "-format", "json"}
	m := decodeFit(t, mustRun(t, "", append(args, "-data", data)...).stdout)
	s := decodeFit(t, mustRun(t, "", append(args, "-sql-cmd", e.cmd, "-sql-dialect", "sqlite", "-sql-table", "odd tbl")...).stdout)
	checkSameFit(t, s, m, 1e-10)
	e.exec(t, `CREATE TABLE lv (g TEXT, x REAL, y REAL);
INSERT INTO lv VALUES ('a"b', 1, 0), ('c,d', 2, 1), ('a"b', 3, 1), ('c,d', 4, 0), ('a"b', 5, 1), ('c,d', 0.5, 0);
CREATE TABLE mixed (x, y REAL);
INSERT INTO mixed VALUES (1, 0), ('abc', 1), (3, 1), (4, 0);
CREATE TABLE blobs (x, y REAL);
INSERT INTO blobs VALUES (1, 0), (x'0102', 1), (3, 1), (4, 0);
`)
	lv := writeFile(t, t.TempDir(), "lv.csv", "g,x,y\n\"a\"\"b\",1,0\n\"c,d\",2,1\n\"a\"\"b\",3,1\n\"c,d\",4,0\n\"a\"\"b\",5,1\n\"c,d\",0.5,0\n")
	args = []string{"fit", "-target", "y", "-features", "g,x", "-format", "json"}
	m = decodeFit(t, mustRun(t, "", append(args, "-data", lv)...).stdout)
	s = decodeFit(t, mustRun(t, "", append(args, "-sql-cmd", e.cmd, "-sql-dialect", "sqlite", "-sql-table", "lv")...).stdout)
	checkSameFit(t, s, m, 1e-10)
	for table, want := range map[string]string{
		"mixed": `logreg: mixed: column "x" mixes numbers and text`,
		"blobs": `logreg: blobs: column "x" holds a blob`,
	} {
		r := runBin(t, "", "fit", "-target", "y", "-features", "x", "-sql-cmd", e.cmd, "-sql-dialect", "sqlite", "-sql-table", table)
		if r.code != 1 || strings.TrimSpace(r.stderr) != want {
			t.Errorf("%s: got exit %d, stderr %q; want 1, %q", table, r.code, r.stderr, want)
		}
	}
}

// TestSQLiteImported checks a table made by sqlite3's .import of a CSV
// file, whose columns are all TEXT: the numbers are read as numbers, blank
// and NA as missing, as the CSV reader reads the file, and a text column
// stays a factor.
func TestSQLiteImported(t *testing.T) {
	t.Parallel()
	bin, err := exec.LookPath("sqlite3")
	if err != nil {
		t.Skip("sqlite3 not found")
	}
	dir := t.TempDir()
	src, err := os.ReadFile(refcase.Path("next/birthwt.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(src)), "\n")
	// A blank, an NA and a padded number in the numeric column age.
	head := strings.Split(lines[0], ",")
	age := slices.Index(head, "age")
	if age < 0 {
		t.Fatalf("birthwt.csv has no age column: %q", lines[0])
	}
	for i, v := range map[int]string{3: "", 7: "NA", 9: " 23 "} {
		f := strings.Split(lines[i], ",")
		f[age] = v
		lines[i] = strings.Join(f, ",")
	}
	data := writeFile(t, dir, "bw.csv", strings.Join(lines, "\n")+"\n")
	db := filepath.Join(dir, "bw.db")
	if out, err := exec.Command(bin, db, ".mode csv", ".import "+data+" bw").CombinedOutput(); err != nil {
		t.Fatalf("sqlite3 .import: %v: %s", err, out)
	}
	args := []string{"fit", "-target", "low", "-features", "age,lwt,race,smoke", "-na", "omit", "-format", "json"}
	m := decodeFit(t, mustRun(t, "", append(args, "-data", data)...).stdout)
	s := decodeFit(t, mustRun(t, "", append(args, "-sql-cmd", shQuote(bin)+" -csv "+shQuote(db), "-sql-dialect", "sqlite", "-sql-table", "bw")...).stdout)
	checkSameFit(t, s, m, 1e-10)
}
