"""The programme: model, compact dose notation, file reading/writing and expansion into sets."""
