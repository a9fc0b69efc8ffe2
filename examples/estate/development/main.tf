# What Git wants for development. terraform.tfstate records what runs now (applied from applied.tf.txt),
# so a plan shows the drift between the two.

resource "terraform_data" "web" {
  input = {
    image    = "registry.example.com/web:1.6.0-rc.2"
    replicas = 1
    env      = { LOG_LEVEL = "trace" }
  }
}

resource "terraform_data" "queue" {
  input = { name = "orders-dev", retention_days = 1 }
}
