package core

import (
	_ "embed"
	"encoding/json"
	"sync"
)

// TEMPORARY loader: the pricing work replaces this file with the strict one.

//go:embed catalog_default.json
var defaultCatalogJSON []byte

var defaultCatalog = sync.OnceValue(func() *Catalog {
	c, err := ParseCatalog(defaultCatalogJSON)
	if err != nil {
		panic("core: the embedded catalog is malformed: " + err.Error())
	}
	return c
})

// DefaultCatalog returns the embedded catalog. It is shared: do not modify it.
func DefaultCatalog() *Catalog { return defaultCatalog() }

// ParseCatalog reads a catalog from its JSON form.
func ParseCatalog(data []byte) (*Catalog, error) {
	var raw struct {
		Name, Effective, Currency, Source string
		Flavors                           []struct {
			Type         string   `json:"type"`
			InstanceType string   `json:"instance_type"`
			ChargeModes  []string `json:"charge_modes"`
			MaxUnits     int      `json:"max_units"`
		}
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	c := &Catalog{Name: raw.Name, Effective: raw.Effective, Currency: raw.Currency, Source: raw.Source}
	for _, f := range raw.Flavors {
		c.Flavors = append(c.Flavors, Flavor{Type: f.Type, InstanceType: f.InstanceType, ChargeModes: f.ChargeModes, MaxUnits: f.MaxUnits})
	}
	c.index()
	return c, nil
}
