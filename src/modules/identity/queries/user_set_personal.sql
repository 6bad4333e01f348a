UPDATE users
SET phone_enc = $2, phone_bidx = $3, id_number_enc = $4, id_number_bidx = $5, bank_account_enc = $6, address_enc = $7
WHERE id = $1
