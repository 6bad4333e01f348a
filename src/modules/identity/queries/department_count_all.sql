SELECT COUNT(*) AS n FROM departments
