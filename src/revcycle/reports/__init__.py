"""Read models: AR aging and KPIs."""
