UPDATE workers
SET id_number_enc = $2, phone_enc = $3, phone_bidx = $4, address_enc = $5, bank_account_enc = $6,
    emergency_contact_enc = $7
WHERE id = $1
