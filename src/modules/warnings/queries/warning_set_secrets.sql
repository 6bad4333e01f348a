UPDATE warnings SET measures_enc = $2, description_enc = $3, customer_contacts_enc = $4 WHERE id = $1
