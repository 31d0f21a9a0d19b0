package linalg

import (
	"encoding/json"
	"errors"
	"math"
)

// denseJSON is the JSON form of a Dense.
type denseJSON struct {
	Rows int       `json:"rows"`
	Cols int       `json:"cols"`
	Data []float64 `json:"data"`
}

// MarshalJSON writes m as {"rows": r, "cols": c, "data": [...]}, its
// entries in row-major order in the shortest form that reads back to the
// same bits. It fails, as encoding/json does, on a NaN or infinite entry.
func (m *Dense) MarshalJSON() ([]byte, error) {
	data := m.data
	if data == nil {
		data = []float64{}
	}
	return json.Marshal(denseJSON{m.rows, m.cols, data})
}

// UnmarshalJSON reads the form MarshalJSON writes into m. It returns an
// error for negative dimensions or data of a length other than rows·cols.
func (m *Dense) UnmarshalJSON(b []byte) error {
	var d denseJSON
	if err := json.Unmarshal(b, &d); err != nil {
		return err
	}
	if d.Rows < 0 || d.Cols < 0 || d.Rows > 0 && d.Cols > math.MaxInt/d.Rows || len(d.Data) != d.Rows*d.Cols {
		return errors.New("linalg: JSON matrix data does not match its dimensions")
	}
	*m = Dense{rows: d.Rows, cols: d.Cols, data: d.Data}
	return nil
}
