module github.com/a1bed000/logreg

go 1.26
