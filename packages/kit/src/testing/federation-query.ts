// The nested fan-out query of the public federation-gateways benchmark, verbatim. Two sides run
// it: `pnpm bench:gateways` (bench/, over the benchmark's four subgraphs) and the gateway's
// differential test (over its fixture subgraphs, which include the benchmark's schema).
export const federationQuery = `query TestQuery {
  users {
    id username name
    reviews {
      id body
      product {
        name upc price weight
        reviews {
          id body
          author {
            id username name
            reviews { id body product { name upc price weight inStock shippingEstimate } }
          }
        }
      }
    }
  }
  topProducts {
    name upc price weight inStock shippingEstimate
    reviews {
      id body
      author {
        id username name
        reviews { id body product { name upc price weight } }
      }
    }
  }
}`;
