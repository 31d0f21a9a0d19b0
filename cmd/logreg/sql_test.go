package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/internal/refcase"
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
	// Separated rows: a warning that says separation is not diagnosed.
	sep := writeFile(t, dir, "sep.csv", "x,y\n1,0\n2,0\n3,0\n4,0\n5,1\n6,1\n7,1\n8,1\n")
	e.load(t, "sep", sep)
	s := decodeFit(t, mustRun(t, "", "fit", "-target", "y", "-features", "x", "-format", "json", "-sql-cmd", e.cmd, "-sql-dialect", e.dialect, "-sql-table", "sep").stdout)
	if len(s.Warnings) == 0 || !strings.Contains(s.Warnings[len(s.Warnings)-1], "separated, which a fit by passes of sums does not diagnose") {
		t.Errorf("separated rows: got warnings %q", s.Warnings)
	}
	// The engine's own message, exit 1.
	r := runBin(t, "", "fit", "-target", "low", "-features", "age,nosuch", "-sql-cmd", e.cmd, "-sql-dialect", e.dialect, "-sql-table", "t2 \"birthwt\"")
	if r.code != 1 || !strings.Contains(r.stderr, "nosuch") || !strings.Contains(r.stderr, "-sql-cmd") {
		t.Errorf("a missing column: got exit %d, stderr %q; want 1 and the engine's message", r.code, r.stderr)
	}
	// Missing values without -na omit.
	r = runBin(t, "", "fit", "-target", "low", "-features", "age", "-sql-cmd", e.cmd, "-sql-dialect", e.dialect, "-sql-table", "t3 \"weights_na\"")
	if r.code != 1 || !strings.Contains(r.stderr, "1 rows have a missing value") {
		t.Errorf("missing values: got exit %d, stderr %q", r.code, r.stderr)
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
