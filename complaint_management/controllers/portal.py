"""The customers' portal: My Complaints, a complaint's page, filing from an order."""
