UPDATE customers SET phone_enc = $2, phone_bidx = $3, address_enc = $4, household_notes_enc = $5 WHERE id = $1
