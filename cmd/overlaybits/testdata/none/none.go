package none

type T struct{ A uint8 }
